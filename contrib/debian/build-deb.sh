#!/usr/bin/env bash
# `make deb`: stages `make install PREFIX=/usr` and wraps it with dpkg-deb alone (no debhelper):
# BIN is the binary to package, OUT the directory the .deb is written to.
set -euo pipefail
bin=${1:?usage: build-deb.sh BIN OUT}
out=${2:?usage: build-deb.sh BIN OUT}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
# PANTAU_DEB_VERSION overrides the package version (the upgrade test builds a "next" one).
version=${PANTAU_DEB_VERSION:-$(sed -n 's/.*string = "\(.*\)".*/\1/p' "$repo/Sources/PantauServe/Version.swift")}
arch=$(dpkg --print-architecture)
stage="$out/stage"
rm -rf "$stage"
mkdir -p "$stage/DEBIAN"
make -s -C "$repo" install DESTDIR="$stage" PREFIX=/usr INSTALL_BIN="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")" >/dev/null
rm -rf "$stage/var"   # the spool is made by postinst, owned by the user it makes
size=$(du -sk "$stage" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" "$here/control" > "$stage/DEBIAN/control"
echo /etc/pantau/pantau.conf > "$stage/DEBIAN/conffiles"
for script in postinst prerm postrm; do install -m 0755 "$here/$script" "$stage/DEBIAN/$script"; done
deb="$out/pantau_${version}_${arch}.deb"
dpkg-deb --root-owner-group --build "$stage" "$deb" >/dev/null
echo "$deb"
