#!/bin/sh
# Installs Mesa's lavapipe (software Vulkan) from bookworm-backports, so that Dawn (npm `webgpu`) finds a Vulkan
# adapter on a machine with no GPU. Debian 12's own Mesa 22.3 is too old for current Dawn.
set -e
if [ ! -f /etc/apt/sources.list.d/bookworm-backports.list ]; then
  echo 'deb http://deb.debian.org/debian bookworm-backports main' > /etc/apt/sources.list.d/bookworm-backports.list
fi
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y -t bookworm-backports mesa-vulkan-drivers libvulkan1
