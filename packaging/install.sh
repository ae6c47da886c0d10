#!/bin/sh
# Add Pancarte to this user's desktop: applications menu, icon, .pancarte files opening in
# Pancarte on a double-click, software-centre metadata. No administrator rights, no network.
#
#   ./install.sh                 from the bundle folder (a USB key is fine): copies it to
#                                ~/.local/opt/pancarte, links ~/.local/bin/pancarte to it
#   ./install.sh --in-place      keep the bundle where it is (a folder that stays put)
#   packaging/install.sh --exec ~/.venv/bin/pancarte
#                                from a checkout, for a pip-installed pancarte: only the
#                                desktop files, launching that command
#
# Files go to ${XDG_DATA_HOME:-~/.local/share}/{applications,icons/hicolor,mime/packages,
# metainfo}. Remove everything with uninstall.sh (it is copied beside the program).
set -eu

APP_ID=org.pancarte.Pancarte
MARKER=.pancarte-bundle
SRC=$(cd "$(dirname "$0")" && pwd -P)
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
APP_DIR=${PANCARTE_APP_DIR:-$HOME/.local/opt/pancarte}
BIN_DIR=$HOME/.local/bin
IN_PLACE=0
EXEC=""

say() { printf '%s\n' "$*"; }
die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

while [ $# -gt 0 ]; do
    case "$1" in
        --in-place) IN_PLACE=1; shift ;;
        --exec) [ $# -ge 2 ] || die "--exec needs a command"; EXEC=$2; shift 2 ;;
        --prefix) [ $# -ge 2 ] || die "--prefix needs a folder"; APP_DIR=$2; shift 2 ;;
        -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option $1 (see --help)" ;;
    esac
done

[ -n "${HOME:-}" ] || die "HOME is not set"

# Where the desktop files are: share/ in a bundle, linux/ and icons/ in a checkout.
if [ -f "$SRC/share/applications/$APP_ID.desktop" ]; then
    DESKTOP_SRC=$SRC/share/applications/$APP_ID.desktop
    METAINFO_SRC=$SRC/share/metainfo/$APP_ID.metainfo.xml
    MIME_SRC=$SRC/share/mime/packages/$APP_ID.xml
    ICONS_SRC=$SRC/share/icons/hicolor
    SVG_SRC=$ICONS_SRC/scalable/apps/$APP_ID.svg
elif [ -f "$SRC/linux/$APP_ID.desktop" ]; then
    DESKTOP_SRC=$SRC/linux/$APP_ID.desktop
    METAINFO_SRC=$SRC/linux/$APP_ID.metainfo.xml
    MIME_SRC=$SRC/linux/$APP_ID.mime.xml
    ICONS_SRC=$SRC/icons/hicolor
    SVG_SRC=$SRC/icons/pancarte.svg
else
    die "no desktop files beside this script ($SRC)"
fi

# A folder we may replace: absent, empty, or a Pancarte bundle (it holds the marker file).
replaceable() {
    [ ! -e "$1" ] && return 0
    [ -d "$1" ] || return 1
    [ -f "$1/$MARKER" ] && return 0
    [ -z "$(ls -A "$1")" ]
}

if [ -z "$EXEC" ]; then
    [ -x "$SRC/pancarte" ] && [ -f "$SRC/$MARKER" ] \
        || die "this is not a Pancarte bundle folder; from a checkout use --exec COMMAND"
    if [ "$IN_PLACE" = 1 ] || [ "$SRC" = "$(cd "$APP_DIR" 2>/dev/null && pwd -P)" ]; then
        APP_DIR=$SRC
    else
        case "$APP_DIR" in
            /*) ;;
            *) die "--prefix must be an absolute path" ;;
        esac
        [ "$APP_DIR" != "/" ] && [ "$APP_DIR" != "$HOME" ] || die "refusing to use $APP_DIR"
        replaceable "$APP_DIR" || die "$APP_DIR exists and is not a Pancarte bundle; move it away"
        say "Copying Pancarte to $APP_DIR"
        mkdir -p "$(dirname "$APP_DIR")"
        rm -rf "$APP_DIR.new"
        cp -RP "$SRC" "$APP_DIR.new"
        rm -rf "$APP_DIR"
        mv "$APP_DIR.new" "$APP_DIR"
    fi
    EXEC=$APP_DIR/pancarte
    # The command in the terminal too, unless something else called pancarte is there.
    mkdir -p "$BIN_DIR"
    if [ -L "$BIN_DIR/pancarte" ] || [ ! -e "$BIN_DIR/pancarte" ]; then
        ln -sfn "$EXEC" "$BIN_DIR/pancarte"
        say "Linked $BIN_DIR/pancarte"
    else
        say "Left $BIN_DIR/pancarte alone (it is not ours)"
    fi
else
    case "$EXEC" in
        /*) ;;
        */*) EXEC=$(cd "$(dirname "$EXEC")" && pwd -P)/$(basename "$EXEC") ;;
        *) EXEC=$(command -v "$EXEC") || die "command not found: $EXEC" ;;
    esac
    [ -x "$EXEC" ] || die "not an executable: $EXEC"
fi

# The Exec line is quoted (the path may hold spaces); characters that the desktop-entry
# quoting rules would need escaped are refused rather than mangled.
case "$EXEC" in
    *'"'*|*'`'*|*'$'*|*'\'*|*'%'*) die "the path $EXEC has a character (\" \` \$ \\ %) a desktop entry cannot launch; use another folder" ;;
esac

mkdir -p "$DATA/applications" "$DATA/metainfo" "$DATA/mime/packages" \
    "$DATA/icons/hicolor/scalable/apps"
SED_EXEC=$(printf '%s' "$EXEC" | sed 's/[&|]/\\&/g')  # & and | are special to sed
sed -e "s|^Exec=.*|Exec=\"$SED_EXEC\" %f|" -e "s|^TryExec=.*|TryExec=$SED_EXEC|" \
    "$DESKTOP_SRC" > "$DATA/applications/$APP_ID.desktop"
chmod 644 "$DATA/applications/$APP_ID.desktop"
cp "$METAINFO_SRC" "$DATA/metainfo/$APP_ID.metainfo.xml"
cp "$MIME_SRC" "$DATA/mime/packages/$APP_ID.xml"
cp "$SVG_SRC" "$DATA/icons/hicolor/scalable/apps/$APP_ID.svg"
for png in "$ICONS_SRC"/*/apps/"$APP_ID".png; do
    size=$(basename "$(dirname "$(dirname "$png")")")
    mkdir -p "$DATA/icons/hicolor/$size/apps"
    cp "$png" "$DATA/icons/hicolor/$size/apps/$APP_ID.png"
done
say "Installed the menu entry, icons and file type in $DATA"

# Refresh the desktop's caches when the tools are there (they are optional).
if command -v update-mime-database >/dev/null 2>&1; then
    update-mime-database "$DATA/mime" >/dev/null 2>&1 || say "(update-mime-database failed)"
fi
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$DATA/applications" 2>/dev/null || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$DATA/icons/hicolor/index.theme" ]; then
    gtk-update-icon-cache -q -t -f "$DATA/icons/hicolor" 2>/dev/null || true
fi
touch "$DATA/icons/hicolor" 2>/dev/null || true
if command -v xdg-mime >/dev/null 2>&1; then
    xdg-mime default "$APP_ID.desktop" application/x-pancarte+zip 2>/dev/null || true
fi

say "Pancarte is in the applications menu (log out and in again if it does not show yet)."
say "Pancarte est dans le menu des applications."
