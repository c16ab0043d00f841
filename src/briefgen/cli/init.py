import click
@click.command()
def init() -> None:
    """x"""
