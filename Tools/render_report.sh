#!/bin/sh
# Renders a report folder's index.html to a PNG with headless Chromium, to look at it as a reader would.
#
#   Tools/render_report.sh                      # writes the demo report (fake data) to /tmp/nabla-plot-demo, renders it
#   Tools/render_report.sh DIR [PNG] [WIDTH] [HEIGHT]
#                                               # renders DIR/index.html to PNG (default DIR/index.png),
#                                               # a window WIDTH × HEIGHT px (default 1200 × 6000)
#
# Needs chromium (Debian: apt-get install chromium); the unit tests never do. NABLA_SCRATCH names
# the build folder for the demo (default .build).
set -eu
cd "$(dirname "$0")/.."

if [ $# -eq 0 ]; then
    directory=/tmp/nabla-plot-demo
    NABLA_PLOT_DEMO_DIR=$directory swift test -c release --disable-testable-imports --disable-swift-testing \
        --scratch-path "${NABLA_SCRATCH:-.build}" --filter NablaPlotTests.DemoReportTests >/dev/null
else
    directory=$1
fi
[ -f "$directory/index.html" ] || { echo "no index.html in $directory: write a report there first" >&2; exit 1; }
png=${2:-$directory/index.png}
width=${3:-1200}
height=${4:-6000}
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || { echo "chromium not found: install it (Debian: apt-get install chromium)" >&2; exit 1; }

page="file://$(cd "$directory" && pwd)/index.html"
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="$width,$height" \
    --screenshot="$png" "$page" 2>/dev/null
echo "$png"
