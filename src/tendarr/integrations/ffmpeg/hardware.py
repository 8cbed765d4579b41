"""Find decoding GPUs, probe which codecs each really decodes, and check for Vulkan.

Detection: NVIDIA through ``nvidia-smi`` (CUDA/NVDEC); Intel and AMD through DRM render
nodes (``/dev/dri/renderD*``, vendor from sysfs): VAAPI for both, QSV for Intel. A kind
is offered only when the FFmpeg build lists its hwaccel. The probe decodes a tiny clip per
codec on each device and downloads a frame (``hwdownload``), which fails when FFmpeg fell
back to software decoding, so "decodes" means decoded on the GPU.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from tendarr.domain.previews.hardware import GpuCapability, GpuDevice, GpuKind, GpuPreference
from tendarr.domain.previews.source import VideoProbe
from tendarr.integrations.ffmpeg.commands import hw_input_args
from tendarr.integrations.ffmpeg.tools import FfmpegTools

# (argv, timeout) -> (exit status, stdout + stderr); 127 when the program is missing.
CommandRunner = Callable[[Sequence[str], float], tuple[int, str]]

_VENDORS = {"0x8086": "intel", "0x1002": "amd", "0x10de": "nvidia"}
_SELECTED = re.compile(r"Device \d+ selected: (.+)$", re.MULTILINE)
_SOFTWARE_VULKAN = ("llvmpipe", "lavapipe", "swiftshader", "(software)")
# codec key -> (encoder, pixel format) used to make each probe clip
PROBE_CLIPS: dict[str, tuple[str, str]] = {
    "h264": ("libx264", "yuv420p"),
    "hevc": ("libx265", "yuv420p"),
    "hevc-10bit": ("libx265", "yuv420p10le"),
    "vp9": ("libvpx-vp9", "yuv420p"),
    "av1": ("libsvtav1", "yuv420p"),
    "av1-10bit": ("libsvtav1", "yuv420p10le"),
}


def run_command(argv: Sequence[str], timeout: float) -> tuple[int, str]:
    """Run ``argv`` and return its status and output (127 when it is not installed)."""
    try:
        done = subprocess.run(  # noqa: S603 - argv built here
            list(argv), capture_output=True, text=True, timeout=timeout, check=False
        )
    except FileNotFoundError:
        return 127, ""
    except subprocess.TimeoutExpired:
        return 124, f"timed out after {timeout:g} s"
    return done.returncode, done.stdout + done.stderr


def detect_nvidia(run: CommandRunner) -> list[GpuDevice]:
    """Return one CUDA device per GPU ``nvidia-smi`` lists (none when it is absent)."""
    status, output = run(["nvidia-smi", "--query-gpu=index,name", "--format=csv,noheader"], 15)
    if status != 0:
        return []
    devices = []
    for line in output.splitlines():
        index, _, name = line.partition(",")
        if index.strip().isdigit():
            devices.append(GpuDevice(GpuKind.CUDA, index.strip(), name.strip(), "nvidia"))
    return devices


def detect_render_nodes(dri: Path, drm: Path) -> list[GpuDevice]:
    """Return VAAPI (Intel, AMD) and QSV (Intel) devices for each DRM render node."""
    devices: list[GpuDevice] = []
    if not dri.is_dir():
        return devices
    for node in sorted(dri.glob("renderD*")):
        vendor_file = drm / node.name / "device" / "vendor"
        try:
            vendor = _VENDORS.get(vendor_file.read_text().strip().lower(), "")
        except OSError:
            vendor = ""
        driver = drm / node.name / "device" / "driver"
        name = f"{vendor or 'unknown'} GPU ({driver.resolve().name if driver.exists() else '?'})"
        if vendor in {"intel", "amd"}:
            devices.append(GpuDevice(GpuKind.VAAPI, str(node), name, vendor))
        if vendor == "intel":
            devices.append(GpuDevice(GpuKind.QSV, str(node), name, vendor))
    return devices


def detect_gpus(
    hwaccels: Iterable[str],
    run: CommandRunner = run_command,
    dri: Path = Path("/dev/dri"),
    drm: Path = Path("/sys/class/drm"),
) -> list[GpuDevice]:
    """Return every GPU whose decoding API this FFmpeg build supports."""
    offered = set(hwaccels)
    found = detect_nvidia(run) + detect_render_nodes(dri, drm)
    return [device for device in found if device.kind.value in offered]


def probe_clip_command(tools: FfmpegTools, key: str, target: Path) -> list[str]:
    """Return the command that makes the tiny probe clip for codec ``key``."""
    encoder, pix_fmt = PROBE_CLIPS[key]
    return [
        tools.ffmpeg, "-hide_banner", "-nostdin", "-v", "error", "-y",
        "-f", "lavfi", "-i", "testsrc2=size=256x144:rate=24:duration=0.25",
        "-pix_fmt", pix_fmt, "-c:v", encoder, str(target),
    ]  # fmt: skip


def decode_check_command(tools: FfmpegTools, device: GpuDevice, clip: Path, key: str) -> list[str]:
    """Return the command that decodes ``clip`` on ``device`` and downloads one frame."""
    download = "p010le" if key.endswith("10bit") else "nv12"
    return [
        tools.ffmpeg, "-hide_banner", "-nostdin", "-v", "error",
        *hw_input_args(device), "-i", str(clip),
        "-vf", f"hwdownload,format={download}", "-frames:v", "1", "-f", "null", "-",
    ]  # fmt: skip


def make_probe_clips(
    tools: FfmpegTools, directory: Path, run: CommandRunner = run_command
) -> dict[str, Path]:
    """Create (once) the probe clips this FFmpeg can encode; return codec key -> clip."""
    directory.mkdir(parents=True, exist_ok=True)
    clips: dict[str, Path] = {}
    for key in PROBE_CLIPS:
        clip = directory / f"{key}.mkv"
        if not clip.exists():
            status, _ = run(probe_clip_command(tools, key, clip), 60)
            if status != 0:
                clip.unlink(missing_ok=True)
                continue
        clips[key] = clip
    return clips


def probe_device(
    tools: FfmpegTools,
    device: GpuDevice,
    clips: Mapping[str, Path],
    run: CommandRunner = run_command,
) -> GpuCapability:
    """Decode each probe clip on ``device``; return the codec keys that worked."""
    decodes = {
        key for key, clip in clips.items()
        if run(decode_check_command(tools, device, clip, key), 30)[0] == 0
    }  # fmt: skip
    error = None if decodes else "decoded none of the probe clips"
    return GpuCapability(device, frozenset(decodes), error)


def vulkan_usable(tools: FfmpegTools, run: CommandRunner = run_command) -> bool:
    """Return whether FFmpeg opens a Vulkan device that is a real GPU (not llvmpipe)."""
    status, output = run(
        [tools.ffmpeg, "-hide_banner", "-v", "verbose", "-init_hw_device", "vulkan=vk",
         "-f", "lavfi", "-i", "nullsrc=s=64x64", "-frames:v", "1", "-f", "null", "-"],
        30,
    )  # fmt: skip
    match = _SELECTED.search(output)
    if status != 0 or match is None:
        return False
    return not any(marker in match.group(1).lower() for marker in _SOFTWARE_VULKAN)


class GpuDecoderChooser:
    """The DecoderChooser port: the first probed GPU of the wanted kind that decodes a codec."""

    def __init__(self, capabilities: Sequence[GpuCapability], preference: GpuPreference) -> None:
        self._capabilities = tuple(capabilities)
        self._preference = preference

    @property
    def capabilities(self) -> tuple[GpuCapability, ...]:
        """Return the probed devices."""
        return self._capabilities

    def choose(self, video: VideoProbe) -> GpuDevice | None:
        """Return the device for ``video``, or None to decode on the CPU."""
        if self._preference is GpuPreference.NONE:
            return None
        for capability in self._capabilities:
            wanted = self._preference is GpuPreference.AUTO or (
                capability.device.kind.value == self._preference.value
            )
            if wanted and capability.can_decode(video.codec_key):
                return capability.device
        return None
