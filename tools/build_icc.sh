#!/bin/sh
# Rebuild assets/icc/pancarte-fogra39.icc, the CMYK output profile of Pancarte's PDF/X-4 export,
# from the FOGRA39 characterisation data that Debian ships (package icc-profiles-free), with
# ArgyllCMS' colprof (package argyll). See assets/icc/README.md for the provenance.
#
#   apt-get install argyll icc-profiles-free
#   sh tools/build_icc.sh            # about a minute on one core
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
data=${FOGRA39_TI3:-/usr/share/color/icc/FOGRA39L.ti3}
srgb=${SRGB_ICC:-/usr/share/color/icc/sRGB.icc}
out="$here/assets/icc/pancarte-fogra39.icc"
for f in "$data" "$srgb"; do
    [ -f "$f" ] || { echo "missing $f: apt-get install icc-profiles-free" >&2; exit 1; }
done
command -v colprof >/dev/null || { echo "colprof missing: apt-get install argyll" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$data" "$work/FOGRA39L.ti3"
cd "$work"
# -qm medium quality; -kr black ramp (GCR); -l300 total ink limit 300 % (docs/ARCHITECTURE.md, "Print"), -L100 black
# limit; -nc leaves the measurement data out of the profile; -S sRGB -cmt -dpp gamut-map RGB
# sources into the perceptual and saturation tables (CIECAM02, monitor → practical print)
colprof -qm -kr -l300 -L100 -nc -S "$srgb" -cmt -dpp \
    -A "Pancarte" \
    -D "Pancarte FOGRA39 (ISO Coated v2 conditions) 300%" \
    -C "Profile: CC0 1.0. Data: FOGRA39L characterisation by Fogra, from icc-profiles-free (Zlib)" \
    -O pancarte-fogra39.icc FOGRA39L
cp pancarte-fogra39.icc "$out"
echo "wrote $out ($(wc -c < "$out") bytes)"
