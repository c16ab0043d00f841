"""A DOCX text watermark, the way Word makes one (Design > Watermark)."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.xmlchemy import BaseOxmlElement

_VML = "urn:schemas-microsoft-com:vml"
_OFFICE = "urn:schemas-microsoft-com:office:office"


def watermark(text: str, font: str) -> BaseOxmlElement:
    """A run holding Word's own kind of text watermark: a VML WordArt shape (shape type 136)
    in the page header, centred on the page, turned 45 degrees, light grey and half
    transparent. Word lists it under Design > Watermark, and LibreOffice reads it too."""
    width = min(468.0, 60.0 * len(text))
    height = width / max(4, len(text)) * 2.0
    style = (
        f"position:absolute;margin-left:0;margin-top:0;width:{width:.0f}pt;"
        f"height:{height:.0f}pt;rotation:315;z-index:-251654144;"
        "mso-position-horizontal:center;mso-position-horizontal-relative:margin;"
        "mso-position-vertical:center;mso-position-vertical-relative:margin"
    )
    run = OxmlElement("w:r")
    pict = OxmlElement("w:pict")
    run.append(pict)
    shapetype = pict.makeelement(
        f"{{{_VML}}}shapetype",
        {
            "id": "_x0000_t136",
            "coordsize": "21600,21600",
            f"{{{_OFFICE}}}spt": "136",
            "adj": "10800",
            "path": "m@7,l@8,m@5,21600l@6,21600e",
        },
    )
    shapetype.append(shapetype.makeelement(f"{{{_VML}}}textpath", {"on": "t", "fitshape": "t"}))
    pict.append(shapetype)
    shape = pict.makeelement(
        f"{{{_VML}}}shape",
        {
            "id": "PowerPlusWaterMarkObject1",
            f"{{{_OFFICE}}}spid": "_x0000_s2049",
            "type": "#_x0000_t136",
            "style": style,
            f"{{{_OFFICE}}}allowincell": "f",
            "fillcolor": "silver",
            "stroked": "f",
        },
    )
    shape.append(shape.makeelement(f"{{{_VML}}}fill", {"opacity": ".5"}))
    shape.append(
        shape.makeelement(
            f"{{{_VML}}}textpath",
            {"style": f'font-family:"{font}";font-size:1pt', "string": text},
        )
    )
    pict.append(shape)
    return run
