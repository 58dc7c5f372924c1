#!/bin/sh
# Builds the example's image (a directory, as lithos images are) from Debian's static busybox:
# bin/busybox with applet links, the mount points the sandboxes need, /etc/passwd and /etc/group,
# and the container configs from ./image/ as /config/<role>.yaml. Idempotent: run it again after
# editing ./image/*.yaml. Usage: build-image.sh [IMAGES_DIR] (default /tmp/verwalter-example/lithos/images).
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
images="${1:-/tmp/verwalter-example/lithos/images}"
busybox=/bin/busybox
if [ ! -x "$busybox" ]; then
  echo "build-image.sh: $busybox is missing (Debian package busybox-static)" >&2
  exit 2
fi
image="$images/example"
mkdir -p "$images" "$image/bin" "$image/config"
for dir in tmp proc dev etc state sys; do mkdir -p "$image/$dir"; done
# In place, touching only what differs: running instances have the image bound as their root.
cmp -s "$busybox" "$image/bin/busybox" || cp "$busybox" "$image/bin/busybox"
for applet in sh sleep cat echo date ls ps id env true false kill mkdir rm touch; do
  [ -L "$image/bin/$applet" ] || ln -s busybox "$image/bin/$applet"
done
printf 'root:x:0:0::/:/bin/sh\napp:x:1000:100::/:/bin/sh\n' > "$image/etc/passwd"
printf 'root:x:0:\nusers:x:100:\n' > "$image/etc/group"
for config in "$here"/image/*.yaml; do
  cmp -s "$config" "$image/config/$(basename "$config")" || cp "$config" "$image/config/"
done
chmod -R u=rwX,go=rX "$image"
chmod 755 "$images"
echo "built $image"
