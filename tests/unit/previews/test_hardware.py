"""GPU detection, codec probing and device choice, with a scripted command runner."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tendarr.domain.previews.hardware import GpuCapability, GpuDevice, GpuKind, GpuPreference
from tendarr.domain.previews.source import VideoProbe
from tendarr.integrations.ffmpeg.hardware import (
    GpuDecoderChooser,
    decode_check_command,
    detect_gpus,
    detect_nvidia,
    detect_render_nodes,
    probe_device,
    vulkan_usable,
)
from tendarr.integrations.ffmpeg.tools import FfmpegTools

TOOLS = FfmpegTools()


class ScriptedRunner:
    """Answers commands by their first word (and optionally a substring); records calls."""

    def __init__(self, answers: dict[str, tuple[int, str]]) -> None:
        self.answers = answers
        self.calls: list[list[str]] = []

    def __call__(self, argv: Sequence[str], timeout: float) -> tuple[int, str]:
        self.calls.append(list(argv))
        joined = " ".join(argv)
        for key, answer in self.answers.items():
            if key in joined:
                return answer
        return 127, ""


def test_nvidia_gpus_come_from_nvidia_smi() -> None:
    runner = ScriptedRunner({"nvidia-smi": (0, "0, NVIDIA GeForce RTX 3060\n1, Tesla T4\n")})
    devices = detect_nvidia(runner)
    assert [d.label for d in devices] == ["cuda:0", "cuda:1"]
    assert devices[1].name == "Tesla T4"


def test_no_nvidia_smi_means_no_cuda_device() -> None:
    assert detect_nvidia(ScriptedRunner({})) == []


def fake_dri(tmp_path: Path, nodes: dict[str, str]) -> tuple[Path, Path]:
    dri, drm = tmp_path / "dev" / "dri", tmp_path / "sys" / "drm"
    dri.mkdir(parents=True)
    for node, vendor in nodes.items():
        (dri / node).touch()
        (drm / node / "device").mkdir(parents=True)
        (drm / node / "device" / "vendor").write_text(f"{vendor}\n")
    return dri, drm


def test_render_nodes_give_vaapi_for_intel_and_amd_and_qsv_for_intel(tmp_path: Path) -> None:
    dri, drm = fake_dri(
        tmp_path, {"renderD128": "0x8086", "renderD129": "0x1002", "renderD130": "0x10de"}
    )
    devices = detect_render_nodes(dri, drm)
    assert [(d.kind, Path(d.device).name, d.vendor) for d in devices] == [
        (GpuKind.VAAPI, "renderD128", "intel"),
        (GpuKind.QSV, "renderD128", "intel"),
        (GpuKind.VAAPI, "renderD129", "amd"),
    ]


def test_only_apis_the_ffmpeg_build_offers_are_used(tmp_path: Path) -> None:
    dri, drm = fake_dri(tmp_path, {"renderD128": "0x8086"})
    runner = ScriptedRunner({"nvidia-smi": (0, "0, RTX\n")})
    found = detect_gpus({"vaapi"}, runner, dri, drm)
    assert [d.label for d in found] == [f"vaapi:{dri / 'renderD128'}"]


def test_machine_without_gpus_detects_nothing(tmp_path: Path) -> None:
    assert (
        detect_gpus({"cuda", "vaapi", "qsv"}, ScriptedRunner({}), tmp_path / "none", tmp_path) == []
    )


def test_probe_records_the_codecs_the_device_decoded() -> None:
    device = GpuDevice(GpuKind.CUDA, "0", "RTX")
    clips = {key: Path(f"/probe/{key}.mkv") for key in ("h264", "hevc-10bit", "av1")}
    runner = ScriptedRunner({"/probe/h264.mkv": (0, ""), "/probe/hevc-10bit.mkv": (0, "")})
    capability = probe_device(TOOLS, device, clips, runner)
    assert capability.decodes == {"h264", "hevc-10bit"}
    assert capability.error is None
    check = decode_check_command(TOOLS, device, clips["hevc-10bit"], "hevc-10bit")
    assert check[check.index("-vf") + 1] == "hwdownload,format=p010le"  # fails on SW fallback
    assert "-hwaccel_output_format" in check
    nothing = probe_device(TOOLS, device, clips, ScriptedRunner({}))
    assert nothing.decodes == frozenset()
    assert nothing.error


def test_vulkan_on_llvmpipe_is_not_usable() -> None:
    software = "Device 0 selected: llvmpipe (LLVM 15.0.6, 256 bits) (software) (0x0)\n"
    assert not vulkan_usable(TOOLS, ScriptedRunner({"vulkan": (0, software)}))
    real = "Device 0 selected: NVIDIA GeForce RTX 3060 (discrete) (0x2503)\n"
    assert vulkan_usable(TOOLS, ScriptedRunner({"vulkan": (0, real)}))
    assert not vulkan_usable(TOOLS, ScriptedRunner({"vulkan": (1, "Failed to init")}))


def video(codec: str, depth: int = 8) -> VideoProbe:
    return VideoProbe(0, codec, 1920, 1080, 60.0, bit_depth=depth)


def test_chooser_picks_the_first_device_that_decodes_the_codec() -> None:
    cuda = GpuCapability(GpuDevice(GpuKind.CUDA, "0", "old"), frozenset({"h264", "hevc"}))
    vaapi = GpuCapability(GpuDevice(GpuKind.VAAPI, "/dev/dri/renderD128", "arc"),
                          frozenset({"h264", "hevc", "hevc-10bit", "av1"}))  # fmt: skip
    auto = GpuDecoderChooser([cuda, vaapi], GpuPreference.AUTO)
    assert auto.choose(video("h264")) == cuda.device
    assert auto.choose(video("hevc", 10)) == vaapi.device
    assert auto.choose(video("vc1")) is None  # nobody decodes it: CPU
    assert (
        GpuDecoderChooser([cuda, vaapi], GpuPreference.VAAPI).choose(video("h264")) == vaapi.device
    )
    assert GpuDecoderChooser([cuda, vaapi], GpuPreference.NONE).choose(video("h264")) is None
