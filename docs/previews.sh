#!/usr/bin/env bash
# Regenerate docs/images/*.png: page 1 of each audience's PDF of the shipped brief,
# rendered by poppler's pdftoppm exactly as a reader's viewer would show it.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
briefgen build briefs/sino-russian-partnership.yaml --format pdf --out "$tmp" >/dev/null
for pdf in "$tmp"/*.pdf; do
    audience=${pdf##*-}
    audience=${audience%.pdf}
    pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$pdf" "docs/images/$audience"
done
ls docs/images
