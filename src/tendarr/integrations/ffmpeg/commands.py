"""FFmpeg command lines for the two kinds of extraction pass.

* The **keyframe pass** decodes only the keyframes the planner chose. When their packet
  numbers are known, a stream-copy producer passes exactly those packets through the
  ``noise`` bitstream filter (``drop`` by packet number) into the decoding process over a
  pipe, so unchosen keyframes are never decoded; otherwise the decoder reads the file with
  ``-skip_frame:v nokey`` and ``select`` keeps the chosen ones. JPEGs are numbered in
  output order and the ``metadata`` filter logs each one's time to ``KEYFRAME_LOG`` (in
  the working directory): keyframe-only decoding of open-GOP streams can emit keyframes
  out of order, so order proves nothing. It stops after the last chosen keyframe
  (``-frames:v``).
* A **seek pass** opens one input per seek group (``-ss <group start - seek lead>``,
  FFmpeg's accurate input seek: decode from the keyframe before, drop frames before the
  target) and keeps the first frame at or after each slot's target; each JPEG is named by
  its slot index. Every group has its own decoder, so open-GOP streams (HEVC CRA, x264
  ``--open-gop``) decode correctly. With drift to spare, non-reference frames are skipped
  (``-skip_frame:v noref``): the pictures that are decoded are exact, and a skipped target
  is replaced by the next decoded frame, a few frames later at most.

Filter graphs go through a script file, so thousands of slots never hit argv limits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tendarr.domain.previews.hardware import GpuDevice, GpuKind
from tendarr.domain.previews.plans import FrameVariant
from tendarr.domain.previews.slots import SeekGroup, Slot
from tendarr.integrations.ffmpeg.filters import ChainKind, PictureChain, variant_scale

KEYFRAME_LOG = "keyframes.txt"
MAX_FED_KEYFRAMES = 5000  # the packet list is in argv (~14 bytes each); beyond: skip_frame
MATCH_TOLERANCE_S = 0.001  # keyframe pass: a frame "is" a chosen keyframe within 1 ms
# Skipping non-reference frames can show a picture a few frames late; only allowed when
# the drift budget dwarfs that.
SKIP_NONREF_MIN_DRIFT_S = 1.0
READ_MARGIN_S = 1.0  # seek pass: read this far past a group's last slot at most


@dataclass(frozen=True)
class PassCommand:
    """One FFmpeg run: argv, its filter graph text, and the slots it should produce."""

    argv: tuple[str, ...]
    graph: str  # to be written to ``script`` before running
    script: Path
    slots: tuple[int, ...]
    feed: tuple[str, ...] | None = None  # a producer whose stdout is this command's input


def hw_input_args(device: GpuDevice | None, *, keep_on_device: bool = True) -> list[str]:
    """Return the decoder options for a GPU (frames stay on it unless told otherwise)."""
    if device is None:
        return []
    if device.kind is GpuKind.QSV:
        args = ["-hwaccel", "qsv", "-qsv_device", device.device]
    else:
        args = ["-hwaccel", device.kind.value, "-hwaccel_device", device.device]
    if keep_on_device:
        args += ["-hwaccel_output_format", device.kind.value]
    return args


def _fan_out(
    label: str,
    head: str,
    chain: PictureChain,
    sizes: Mapping[FrameVariant, tuple[int, int]],
) -> tuple[str, list[tuple[FrameVariant, str]]]:
    """Return ``head,chain,split`` and each variant's output label."""
    variants = list(sizes)
    largest = sizes[variants[0]]
    outputs = [(variant, f"{label}v{n}") for n, variant in enumerate(variants)]
    if len(variants) == 1:
        return f"[{label}]{head},{chain.filters}[{outputs[0][1]}]", outputs
    split = "".join(f"[{label}s{n}]" for n in range(len(variants)))
    parts = [f"[{label}]{head},{chain.filters},split={len(variants)}{split}"]
    for n, (variant, out) in enumerate(outputs):
        size = sizes[variant]
        step = "null" if size == largest else variant_scale(*size)
        parts.append(f"[{label}s{n}]{step}[{out}]")
    return ";".join(parts), outputs


def _output_args(
    label: str, count: int, quality: int, directory: Path, *, by_pts: bool
) -> list[str]:
    """Return one variant output: numbered by pts (the slot) or sequentially from 0."""
    naming = ["-enc_time_base:v", "1", "-frame_pts", "1"] if by_pts else ["-start_number", "0"]
    return [
        "-map", f"[{label}]", "-fps_mode", "passthrough", *naming, "-frames:v", str(count),
        "-q:v", str(quality), "-f", "image2", str(directory / "%d.jpg"),
    ]  # fmt: skip


def _base(ffmpeg: str, chain: PictureChain, threads: int) -> list[str]:
    argv = [ffmpeg, "-hide_banner", "-nostdin", "-v", "error", "-y", *chain.input_options]
    return argv + (["-filter_threads", str(threads)] if threads else [])


def keyframe_pass(
    *,
    ffmpeg: str,
    url: str,
    slots: Sequence[Slot],
    chain: PictureChain,
    sizes: Mapping[FrameVariant, tuple[int, int]],
    directories: Mapping[FrameVariant, Path],
    script: tuple[str, Path],
    device: GpuDevice | None = None,
    threads: int = 0,
    stream_index: int = 0,
    packets: Sequence[int] = (),
) -> PassCommand:
    """Build the keyframe pass for ``slots`` (all KEYFRAME slots, in order).

    ``packets`` are the chosen keyframes' packet numbers in stream ``stream_index``; with
    them (and not too many) only those packets are decoded.
    """
    terms = "+".join(f"lt(abs(t-{slot.keyframe:.6f}),{MATCH_TOLERANCE_S})" for slot in slots)
    log = f"metadata=mode=add:key=tendarr:value=1,metadata=mode=print:file={KEYFRAME_LOG}"
    head = f"select='{terms}',{log},settb=1,setpts=N"
    graph, outputs = _fan_out("0:v", head, chain, sizes)
    argv = _base(ffmpeg, chain, threads) + (["-threads:v", str(threads)] if threads else [])
    argv += [*hw_input_args(device, keep_on_device=chain.kind is not ChainKind.LIBPLACEBO)]
    feed: tuple[str, ...] | None = None
    if packets and len(packets) <= MAX_FED_KEYFRAMES:
        feed = keyframe_feed(ffmpeg, url, stream_index, packets)
        argv += ["-copyts", "-f", "nut", "-i", "pipe:0"]  # times stay relative to the start
    else:
        argv += ["-skip_frame:v", "nokey", "-i", url]
    argv += [script[0], str(script[1])]
    for variant, label in outputs:
        argv += _output_args(label, len(slots), variant.quality, directories[variant], by_pts=False)
    return PassCommand(tuple(argv), graph, script[1], tuple(slot.index for slot in slots), feed)


def keyframe_feed(
    ffmpeg: str, url: str, stream_index: int, packets: Sequence[int]
) -> tuple[str, ...]:
    """Return the producer that stream-copies only ``packets`` of one stream as NUT to stdout.

    ``setts=dts=PTS`` keeps the muxer from shifting timestamps (keyframes alone need no
    reordering); ``-copyinkf`` keeps packet numbering aligned with the packet scan.
    """
    keep = "+".join(f"eq(n,{number})" for number in packets)
    return (
        ffmpeg, "-hide_banner", "-nostdin", "-v", "error", "-i", url,
        "-map", f"0:{stream_index}", "-c", "copy", "-copyinkf",
        "-bsf:v", f"noise=drop='not({keep})',setts=dts=PTS", "-f", "nut", "pipe:1",
    )  # fmt: skip


def seek_pass(
    *,
    ffmpeg: str,
    url: str,
    groups: Sequence[SeekGroup],
    interval: float,
    frame_duration: float,
    chain: PictureChain,
    sizes: Mapping[FrameVariant, tuple[int, int]],
    directories: Mapping[FrameVariant, Path],
    script: tuple[str, Path],
    device: GpuDevice | None = None,
    threads: int = 0,
    skip_nonref: bool = True,
    lead: float = 0.0,
) -> PassCommand:
    """Build one seek pass with an input per group.

    Each slot takes the first frame at or after ``slot time - lead``: a seek may stop up to
    ``lead`` seconds early (within the drift allowed), which saves that much decoding.
    """
    tolerance = min(0.45 * frame_duration, 0.02) if frame_duration else 0.02
    argv = _base(ffmpeg, chain, threads)
    graphs: list[str] = []
    tails: list[str] = []
    for n, group in enumerate(groups):
        if threads:
            argv += ["-threads:v", str(threads)]
        argv += [*hw_input_args(device, keep_on_device=chain.kind is not ChainKind.LIBPLACEBO)]
        if skip_nonref:
            argv += ["-skip_frame:v", "noref"]
        start = max(0.0, group.start - lead)
        if start > 0:
            span = group.end - start + READ_MARGIN_S + 4 * frame_duration
            argv += ["-ss", f"{start:.6f}", "-t", f"{span:.6f}"]
        argv += ["-i", url]
        tol = f"{tolerance:.6f}"
        pick = f"if(gte(t,ld(0)-{tol}),st(0,(floor((t+{tol})/{interval})+1)*{interval})+1,0)"
        slot = f"(floor((T+{tol})/{interval})+{group.first})*1000"
        head = f"select='{pick}',settb=1/1000,setpts='{slot}',settb=1"
        graph, outputs = _fan_out(f"{n}:v", head, chain, sizes)
        graphs.append(graph)
        count = group.last - group.first + 1
        for variant, label in outputs:
            tails += _output_args(label, count, variant.quality, directories[variant], by_pts=True)
    argv += [script[0], str(script[1]), *tails]
    slots = tuple(i for group in groups for i in group.slot_indexes)
    return PassCommand(tuple(argv), ";".join(graphs), script[1], slots)
