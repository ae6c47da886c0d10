#!/bin/sh
# Remove what install.sh added: the menu entry, icons, file type, metadata, the
# ~/.local/bin/pancarte link and the copied bundle (~/.local/opt/pancarte).
# Your documents, your library and the editor's settings are kept
# (~/.local/share/pancarte, ~/.config/pancarte): delete those yourself if you want.
#
#   uninstall.sh               everything above
#   uninstall.sh --keep-app    only the desktop files (keep the program folder)
set -eu

APP_ID=org.pancarte.Pancarte
MARKER=.pancarte-bundle
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
APP_DIR=${PANCARTE_APP_DIR:-$HOME/.local/opt/pancarte}
BIN_DIR=$HOME/.local/bin
KEEP_APP=0

while [ $# -gt 0 ]; do
    case "$1" in
        --keep-app) KEEP_APP=1; shift ;;
        --prefix) APP_DIR=$2; shift 2 ;;
        -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) printf 'uninstall.sh: unknown option %s\n' "$1" >&2; exit 1 ;;
    esac
done

[ -n "${HOME:-}" ] || { echo "uninstall.sh: HOME is not set" >&2; exit 1; }

rm -f "$DATA/applications/$APP_ID.desktop" \
      "$DATA/metainfo/$APP_ID.metainfo.xml" \
      "$DATA/mime/packages/$APP_ID.xml" \
      "$DATA/icons/hicolor"/*/apps/"$APP_ID".png \
      "$DATA/icons/hicolor/scalable/apps/$APP_ID.svg"

if command -v update-mime-database >/dev/null 2>&1 && [ -d "$DATA/mime/packages" ]; then
    update-mime-database "$DATA/mime" >/dev/null 2>&1 || true
fi
if command -v update-desktop-database >/dev/null 2>&1 && [ -d "$DATA/applications" ]; then
    update-desktop-database -q "$DATA/applications" 2>/dev/null || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$DATA/icons/hicolor/index.theme" ]; then
    gtk-update-icon-cache -q -t -f "$DATA/icons/hicolor" 2>/dev/null || true
fi

# The terminal command, only if it is our link.
if [ -L "$BIN_DIR/pancarte" ]; then
    case "$(readlink "$BIN_DIR/pancarte")" in
        */pancarte) [ -f "$(dirname "$(readlink "$BIN_DIR/pancarte")")/$MARKER" ] \
            || [ ! -e "$BIN_DIR/pancarte" ] && rm -f "$BIN_DIR/pancarte" ;;
    esac
fi

if [ "$KEEP_APP" = 0 ] && [ -f "$APP_DIR/$MARKER" ] && [ "$APP_DIR" != "/" ] \
        && [ "$APP_DIR" != "$HOME" ]; then
    rm -rf "$APP_DIR"
    echo "Removed $APP_DIR"
fi

echo "Pancarte is no longer in the applications menu; your documents are untouched."
echo "Pancarte n’est plus dans le menu des applications ; vos documents sont intacts."
