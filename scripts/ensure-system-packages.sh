#!/usr/bin/env bash
# Make sure the system programs Callback uses are present: espeak-ng (the voice that reads
# questions aloud on Linux) and, for the tests, Debian's chromium (browser tests) and postgresql
# (team mode's database; the test fixtures start their own server from it).
# As root with apt-get we install what is missing; otherwise we print the exact command and go on:
# the app then shows questions as text and says why there is no voice.
set -u
[ "$(uname -s)" = "Linux" ] || exit 0   # macOS and Windows voices come with pyttsx3
missing=()
for pkg in "$@"; do
  case "$pkg" in
    espeak-ng) command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng) ;;
    chromium)  [ -x /usr/bin/chromium ] || missing+=(chromium) ;;
    postgresql) compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null || command -v pg_ctl >/dev/null 2>&1 \
                  || missing+=(postgresql) ;;
    *) command -v "$pkg" >/dev/null 2>&1 || missing+=("$pkg") ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${missing[*]} with apt-get ..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null && exit 0
  echo "apt-get could not install ${missing[*]}." >&2
fi
echo "Callback needs: ${missing[*]}. Install it with:  sudo apt-get install -y ${missing[*]}" >&2
echo "(Without espeak-ng the app shows questions as text instead of reading them aloud.)" >&2
exit 0
