#!/usr/bin/env bash
# Set up the checkout's .venv, then open the app or run the test suite.
#   bash packaging/dev.sh run [PROJECT]   install, then open the app (first run: the samples)
#   bash packaging/dev.sh test [ARGS]     install, then run the whole suite headless (pytest ARGS)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

mode=${1:-}
case "$mode" in
  run|test) shift ;;
  *) echo "usage: bash packaging/dev.sh run|test [args...]" >&2; exit 2 ;;
esac

say() { printf '[dev.sh] %s\n' "$*" >&2; }

# Debian packages from the given lists; installed only when missing, and only as root.
debian_packages() {
  command -v dpkg-query >/dev/null || return 0
  local wanted=() missing=() name
  while read -r name; do
    [[ -z "$name" || "$name" == \#* ]] && continue
    wanted+=("$name")
  done < <(cat "$@")
  for name in "${wanted[@]}"; do
    local plain=${name%\?t64}
    if [[ "$name" == *\?t64 ]]; then
      dpkg-query -W -f='${Status}' "$plain" 2>/dev/null | grep -q "ok installed" && continue
      dpkg-query -W -f='${Status}' "${plain}t64" 2>/dev/null | grep -q "ok installed" && continue
    else
      dpkg-query -W -f='${Status}' "$plain" 2>/dev/null | grep -q "ok installed" && continue
    fi
    missing+=("$name")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  if [[ $(id -u) -ne 0 ]]; then
    say "missing Debian packages (Qt may not start): ${missing[*]//\?t64/}"
    say "install them with: sudo apt-get install ${missing[*]//\?t64/}"
    return 0
  fi
  say "installing Debian packages: ${missing[*]//\?t64/}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  local resolved=()
  for name in "${missing[@]}"; do
    local plain=${name%\?t64}
    if [[ "$name" == *\?t64 ]] && apt-cache show "${plain}t64" >/dev/null 2>&1; then
      resolved+=("${plain}t64")
    else
      resolved+=("$plain")
    fi
  done
  apt-get install -y -qq --no-install-recommends "${resolved[@]}" >/dev/null
}

# The first Python 3.11+ on the PATH.
find_python() {
  local candidate
  for candidate in ${PYTHON:-} python3 python3.13 python3.12 python3.11; do
    if command -v "$candidate" >/dev/null &&
       "$candidate" -c 'import sys, venv; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  say "Python 3.11 or newer (with venv) is needed"; exit 1
}

# Create .venv once; reinstall only when pyproject.toml changes.
setup_venv() {
  if [[ ! -x .venv/bin/python ]]; then
    local python; python=$(find_python)
    say "creating .venv with $($python --version)"
    "$python" -m venv .venv
  fi
  local stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
  if [[ ! -f "$stamp" ]]; then
    say "installing Briefing Builder and its test tools into .venv"
    .venv/bin/python -m pip install --quiet --upgrade pip 2>/dev/null || true
    .venv/bin/python -m pip install --quiet -e '.[test]'
    rm -f .venv/.installed-*
    touch "$stamp"
  fi
}

if [[ "$mode" == run ]]; then
  debian_packages packaging/debian-packages.txt
else
  debian_packages packaging/debian-packages.txt packaging/debian-test-packages.txt
fi
setup_venv

if [[ "$mode" == run ]]; then
  exec .venv/bin/python -m briefing "$@"
fi
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest "$@"
