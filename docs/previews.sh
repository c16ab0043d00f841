#!/usr/bin/env bash
# Regenerate docs/images/*.png from the shipped brief: page 1 of each audience's PDF
# (AUDIENCE.png), rendered by poppler's pdftoppm exactly as a reader's viewer would show it,
# and page 1 of its DOCX as LibreOffice lays it out (AUDIENCE-docx.png), to compare the two.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
briefgen build briefs/sino-russian-partnership.yaml --out "$tmp" >/dev/null
if command -v soffice >/dev/null; then
    soffice --headless "-env:UserInstallation=file://$tmp/profile" --convert-to pdf \
        --outdir "$tmp/docx" "$tmp"/*.docx >/dev/null
fi
for pdf in "$tmp"/*.pdf "$tmp"/docx/*.pdf; do
    [ -e "$pdf" ] || continue
    audience=${pdf##*-}
    audience=${audience%.pdf}
    suffix=""
    [[ $pdf == "$tmp/docx/"* ]] && suffix="-docx"
    pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$pdf" "docs/images/$audience$suffix"
done
ls docs/images
