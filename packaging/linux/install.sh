#!/usr/bin/env bash
# Install a built bundle for the current user (or system-wide with PREFIX=/usr/local as root):
#   bash install.sh            from inside dist/briefing-builder/ (build.sh copies it there)
#   bash install.sh --uninstall
# Puts the bundle in PREFIX/lib/briefing-builder, a launcher in PREFIX/bin, and the desktop
# entry, AppStream metadata, MIME type and icons under PREFIX/share, then refreshes the caches.
set -euo pipefail
APP_ID=io.github.briefingbuilder.BriefingBuilder
PREFIX=${PREFIX:-$HOME/.local}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
target=$PREFIX/lib/briefing-builder
share=$PREFIX/share

refresh() {
  command -v update-mime-database >/dev/null && update-mime-database "$share/mime" || true
  command -v update-desktop-database >/dev/null && update-desktop-database "$share/applications" || true
  command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$share/icons/hicolor" || true
}

if [[ "${1:-}" == --uninstall ]]; then
  rm -rf "$target" "$PREFIX/bin/briefing-builder"
  rm -f "$share/applications/$APP_ID.desktop" "$share/metainfo/$APP_ID.metainfo.xml" \
        "$share/mime/packages/$APP_ID.xml"
  find "$share/icons/hicolor" -name "$APP_ID.*" -delete 2>/dev/null || true
  refresh; echo "Briefing Builder removed from $PREFIX"; exit 0
fi

[[ -x "$here/briefing-builder" ]] || { echo "run install.sh from the built bundle" >&2; exit 1; }
mkdir -p "$target" "$PREFIX/bin" "$share/applications" "$share/metainfo" "$share/mime/packages"
rm -rf "$target" && cp -r "$here" "$target"
ln -sf "$target/briefing-builder" "$PREFIX/bin/briefing-builder"
# Exec with the full path, so the menu entry works even when PREFIX/bin is not on PATH.
sed -e "s|^Exec=briefing-builder|Exec=$target/briefing-builder|" \
    -e "s|^TryExec=briefing-builder|TryExec=$target/briefing-builder|" \
    "$here/share/applications/$APP_ID.desktop" > "$share/applications/$APP_ID.desktop"
cp "$here/share/metainfo/$APP_ID.metainfo.xml" "$share/metainfo/"
cp "$here/share/mime/packages/$APP_ID.xml" "$share/mime/packages/"
cp -r "$here/share/icons" "$share/"
refresh
echo "Briefing Builder installed in $target (menu entry: Briefing Builder)"
