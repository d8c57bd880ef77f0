#!/usr/bin/env bash
# Every include of another room's header names one of that room's public headers (the lists
# cmake/rooms.cmake writes into BUILD/rooms/ROOM.public), and no include climbs out of its folder.
# The tests (tests/) may include any header. Usage: check-rooms.sh [BUILD_DIR]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
views=${1:-$root/build}/rooms
[[ -d $views ]] || { echo "check-rooms: no $views (configure the build first)" >&2; exit 2; }
cd "$root"
status=0
while IFS=: read -r file line text; do
  including=${file%%/*}
  header=$(sed -E 's/.*#include "([^"]+)".*/\1/' <<<"$text")
  if [[ $header == ../* || $header == */../* || $header == ./* ]]; then
    echo "$file:$line: includes $header by a relative path" >&2; status=1; continue
  fi
  room=${header%%/*}
  [[ $room == "$including" || ! -f $views/$room.public ]] && continue
  if ! grep -qxF "${header#*/}" "$views/$room.public"; then
    echo "$file:$line: includes $header, which room $room keeps private" >&2; status=1
  fi
done < <(git ls-files -- '*.h' '*.cpp' '*.c' '*.def' ':!tests/**' | xargs grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' /dev/null)
[[ $status == 0 ]] && echo "check-rooms: every include across rooms names a public header"
exit $status
