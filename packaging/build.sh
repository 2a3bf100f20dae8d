#!/usr/bin/env bash
# Build the Linux application bundle: dist/briefing-builder/ (one folder, run briefing-builder).
#   bash packaging/build.sh
# Uses the checkout's .venv (made by packaging/dev.sh); installs PyInstaller into it if missing.
# Prints the bundle's size and the build time. Windows and macOS: docs/packaging.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf '[build.sh] %s\n' "$*" >&2; }
APP_ID=io.github.briefingbuilder.BriefingBuilder
PYINSTALLER_SPEC='pyinstaller>=6.10,<7'
PY=.venv/bin/python
started=$(date +%s)

if [[ ! -x "$PY" ]]; then
  say "no .venv yet: run 'bash packaging/dev.sh test' (or 'run') first"; exit 1
fi
# PyInstaller reads libraries' dependencies with objdump and strips them with strip.
for needed in objdump strip ldd; do
  command -v "$needed" >/dev/null || { say "$needed is missing (Debian package binutils)"; exit 1; }
done
if ! "$PY" -c 'import PyInstaller' 2>/dev/null; then
  say "installing $PYINSTALLER_SPEC into .venv"
  "$PY" -m pip install --quiet "$PYINSTALLER_SPEC"
fi
# A bundle carries what is installed: PySide6-Addons would add hundreds of MB of Qt modules.
if "$PY" -c 'import importlib.metadata as m; m.version("PySide6_Addons")' 2>/dev/null; then
  say "PySide6-Addons is installed in .venv; the bundle wants PySide6-Essentials only"; exit 1
fi

say "rendering icons"
rm -rf build/icons
QT_QPA_PLATFORM=offscreen "$PY" packaging/make_icons.py build/icons >/dev/null

say "running PyInstaller $("$PY" -m PyInstaller --version)"
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/briefing-builder.spec

# A share/ tree beside the executable, laid out like /usr/share, for packagers and for
# packaging/linux/install.sh: desktop entry, AppStream metadata, MIME type, icons.
bundle=dist/briefing-builder
share=$bundle/share
mkdir -p "$share/applications" "$share/metainfo" "$share/mime/packages" "$share/icons"
cp packaging/linux/$APP_ID.desktop "$share/applications/"
cp packaging/linux/$APP_ID.metainfo.xml "$share/metainfo/"
cp packaging/linux/briefing-builder-mime.xml "$share/mime/packages/$APP_ID.xml"
cp -r build/icons/hicolor "$share/icons/"
cp packaging/linux/install.sh "$bundle/install.sh"

finished=$(date +%s)
size=$(du -sb "$bundle" | cut -f1)
files=$(find "$bundle" -type f | wc -l)
say "bundle: $bundle ($((size / 1024 / 1024)) MiB, $files files)"
say "build time: $((finished - started)) s"
printf 'bundle_bytes=%s build_seconds=%s\n' "$size" "$((finished - started))"
