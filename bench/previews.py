"""Benchmark: preview thumbnails, Tendarr's slot planner against the reference pipelines.

Corpus (generated once into --cache; 10-minute 1080p clips whose top quarter is a 16-bit
barcode of the frame number, so every thumbnail can be read back to the time it shows):

* dense   H.264, 24 fps, a keyframe every 2 s
* sparse  H.264, 23.976 fps, x264's default keyframe spacing (keyint 250 = 10.43 s)
* hdr     HEVC Main10 HDR10 (PQ, BT.2020), 24 fps, x265's default spacing (10.4 s)

Methods, each timed end to end with a warm page cache:

* full      decode everything, ``fps=fps=1/I:round=up`` + scale (the reference fallback)
* keyframe  ``-skip_frame:v nokey`` + the same filters (fast, drifts with sparse keyframes)
* reference the reference pipeline: ffprobe packet scan for the largest keyframe gap, then
            keyframe when the gap is at most the interval, else full (HDR: tonemap chain)
* tendarr   PreviewGenerator: probe, keyframe index, slot planner, one extraction pass,
            BIF + trickplay written atomically

Drift is each thumbnail's time (from its barcode) minus i x interval. Also timed: the two
keyframe-index methods (packet scan; keyframe decode).

Run: .venv/bin/python bench/previews.py [--clips dense,sparse,hdr] [--cache DIR]
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tendarr.domain.previews.bif import decode_bif
from tendarr.domain.previews.hardware import GpuPreference
from tendarr.domain.previews.jpeg import jpeg_size
from tendarr.domain.previews.plans import BifTarget, PreviewRequest, TrickplayTarget
from tendarr.domain.previews.settings import PreviewSettings
from tendarr.observability import configure_logging
from tendarr.previews_composition import EngineConfig, build_preview_engine

DURATION = 600
BAR = (
    "[1:v]format=yuv420p,geq=lum='if(mod(floor(N/pow(2\\,X))\\,2)\\,235\\,16)':cb=128:cr=128,"
    "scale=1920:270:flags=neighbor,setsar=1[bar];[bar][0:v]vstack,setsar=1"
)
HDR_TAGS = (
    "hdr10=1:colorprim=bt2020:transfer=smpte2084:colormatrix=bt2020nc:"
    "master-display=G(13250,34500)B(7500,3000)R(34000,16000)WP(15635,16450)L(10000000,1):"
    "max-cll=1000,400"
)
X264 = ("-c:v", "libx264", "-preset", "veryfast")
REFERENCE_TONEMAP = (
    "zscale=t=linear:npl=100,format=gbrpf32le,zscale=p=bt709,tonemap=hable:desat=0,"
    "zscale=t=bt709:m=bt709:r=tv,format=yuv420p,"
)


@dataclass(frozen=True)
class Clip:
    """One corpus file and how it is encoded."""

    name: str
    file: str
    rate: str
    encode: tuple[str, ...]
    pix_fmt: str = "yuv420p"
    hdr: bool = False

    @property
    def fps(self) -> float:
        """Return the frame rate as a number."""
        num, _, den = self.rate.partition("/")
        return int(num) / int(den or 1)


CLIPS = {
    "dense": Clip(
        "dense", "dense-h264.mkv", "24",
        (*X264, "-x264-params", "keyint=48:min-keyint=48:scenecut=0"),
    ),
    "sparse": Clip("sparse", "sparse-h264.mp4", "24000/1001", X264),
    "hdr": Clip(
        "hdr", "hdr10-hevc.mkv", "24",
        ("-c:v", "libx265", "-preset", "ultrafast", "-x265-params", f"log-level=error:{HDR_TAGS}",
         "-color_primaries", "bt2020", "-color_trc", "smpte2084", "-colorspace", "bt2020nc"),
        pix_fmt="yuv420p10le", hdr=True,
    ),
}  # fmt: skip


def ensure_clip(clip: Clip, cache: Path) -> Path:
    """Generate the clip into the cache unless it is there."""
    target = cache / clip.file
    if target.exists():
        return target
    cache.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".part{target.suffix}")
    print(f"generating {target} (one-off, several minutes)...", file=sys.stderr)
    subprocess.run(
        ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
         "-f", "lavfi", "-i", f"testsrc2=size=1920x810:rate={clip.rate}:duration={DURATION}",
         "-f", "lavfi", "-i", f"color=c=black:size=16x2:rate={clip.rate}:duration={DURATION}",
         "-filter_complex", f"{BAR},format={clip.pix_fmt}[v]", "-map", "[v]", *clip.encode,
         str(partial)],
        check=True,
    )  # fmt: skip
    partial.rename(target)
    return target


def barcode_times(jpegs: list[Path], fps: float) -> list[float]:
    """Return the time each thumbnail shows, read from its frame-number barcode."""
    width, height = jpeg_size(jpegs[0].read_bytes())
    with tempfile.TemporaryDirectory() as tmp:
        for number, jpeg in enumerate(jpegs):
            (Path(tmp) / f"{number:06d}.jpg").symlink_to(jpeg.resolve())
        raw = subprocess.run(
            ["ffmpeg", "-v", "error", "-start_number", "0", "-i", str(Path(tmp) / "%06d.jpg"),
             "-f", "rawvideo", "-pix_fmt", "gray", "-"],
            capture_output=True, check=True,
        ).stdout  # fmt: skip
    size, row = width * height, round(height * 270 / 1080 / 2)
    times = []
    for index in range(len(jpegs)):
        frame = raw[index * size : (index + 1) * size]
        bits = (frame[row * width + int((bit + 0.5) * width / 16)] > 128 for bit in range(16))
        times.append(sum(1 << bit for bit, on in enumerate(bits) if on) / fps)
    return times


def drift(times: list[float], interval: int) -> tuple[float, float]:
    """Return (max, mean) absolute drift of thumbnail i from i x interval."""
    errors = [abs(t - i * interval) for i, t in enumerate(times)]
    return max(errors), sum(errors) / len(errors)


def timed(action: Callable[[], object]) -> float:
    """Return the wall time of ``action``."""
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def child_cpu() -> float:
    """Return the CPU seconds (user + system) used so far by finished child processes."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def ffmpeg_thumbnails(
    source: Path, out: Path, clip: Clip, interval: int, *, keyframes: bool
) -> None:
    """Run the reference-style fps-filter extraction (optionally keyframes only)."""
    chain = f"fps=fps=1/{interval}:round=up," + (REFERENCE_TONEMAP if clip.hdr else "")
    chain += "scale=w=320:h=240:force_original_aspect_ratio=decrease"
    skip = ["-skip_frame:v", "nokey"] if keyframes else []
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y", *skip, "-i", str(source), "-an", "-sn", "-dn",
         "-q:v", "4", "-vf", chain, str(out / "%06d.jpg")],
        check=True,
    )  # fmt: skip


def max_keyframe_gap(source: Path) -> float:
    """The reference's pre-flight: the largest gap between keyframes from a packet scan."""
    text = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
         "packet=pts_time,flags", "-of", "csv=p=0", str(source)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rows = [line.split(",") for line in text.splitlines()]
    keys = sorted(float(row[0]) for row in rows if "K" in row[-1])
    return max((b - a for a, b in itertools.pairwise(keys)), default=0.0)


def frame_scan(source: Path) -> None:
    """The alternative keyframe index: decode keyframes and list their times."""
    subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-skip_frame", "nokey",
         "-show_entries", "frame=pts_time", "-of", "csv=p=0", str(source)],
        capture_output=True, check=True,
    )  # fmt: skip


def bench_clip(clip: Clip, source: Path, interval: int) -> dict[str, Any]:
    """Time every method on one clip and read back its drift."""
    result: dict[str, Any] = {"clip": clip.name}
    subprocess.run(["cat", str(source)], stdout=subprocess.DEVNULL, check=True)  # warm cache
    result["index_packet_scan_s"] = timed(lambda: max_keyframe_gap(source))
    result["index_frame_scan_s"] = timed(lambda: frame_scan(source))
    gap = max_keyframe_gap(source)
    result["max_keyframe_gap_s"] = round(gap, 3)
    for method, keyframes in (("full", False), ("keyframe", True)):
        with tempfile.TemporaryDirectory() as tmp:
            started, cpu = time.perf_counter(), child_cpu()
            ffmpeg_thumbnails(source, Path(tmp), clip, interval, keyframes=keyframes)
            seconds, cpu = time.perf_counter() - started, child_cpu() - cpu
            jpegs = sorted(Path(tmp).glob("*.jpg"))[: int(DURATION / interval)]
            times = barcode_times(jpegs, clip.fps)
            result[method] = {"s": seconds, "cpu": cpu, "drift": drift(times, interval)}
    chosen = "keyframe" if gap <= interval else "full"
    picked = result[chosen]
    scan = result["index_packet_scan_s"]
    assert isinstance(picked, dict)
    assert isinstance(scan, float)
    result["reference"] = {
        "s": scan + picked["s"], "cpu": picked["cpu"], "drift": picked["drift"], "path": chosen,
    }  # fmt: skip
    built = build_preview_engine(EngineConfig(gpu=GpuPreference.NONE))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        request = PreviewRequest(
            source, PreviewSettings(interval_s=interval),
            bifs=(BifTarget(out / "x.bif", 320),),
            trickplay=(TrickplayTarget(out / "x.trickplay" / "320 - 10x10", 320),),
        )  # fmt: skip
        cpu = child_cpu()
        outcome = built.generator.generate(request, force=True)
        cpu = child_cpu() - cpu
        assert outcome.ok, outcome.reason
        bif = decode_bif((out / "x.bif").read_bytes())
        for number, frame in enumerate(bif.frames):
            (out / f"{number:06d}.jpg").write_bytes(frame)
        jpegs = sorted(out.glob("0*.jpg"))[: int(DURATION / interval)]
        result["tendarr"] = {
            "s": outcome.seconds, "cpu": cpu,
            "drift": drift(barcode_times(jpegs, clip.fps), interval),
            "thumbnails": outcome.thumbnails, "notes": list(outcome.warnings),
        }  # fmt: skip
    return result


def main() -> None:
    """Generate the corpus if needed, run every method on every clip, print a table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--clips", default="dense,sparse,hdr")
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache/tendarr/bench-previews")
    parser.add_argument("--interval", type=int, default=10)
    parser.add_argument("--generate-only", action="store_true")
    args = parser.parse_args()
    configure_logging("WARNING")
    clips = [CLIPS[name] for name in args.clips.split(",")]
    sources = {clip.name: ensure_clip(clip, args.cache) for clip in clips}
    if args.generate_only:
        return
    rows: list[dict[str, Any]] = [
        bench_clip(clip, sources[clip.name], args.interval) for clip in clips
    ]
    print(json.dumps(rows, indent=1, default=float))
    print(f"load average at the end: {Path('/proc/loadavg').read_text().split()[:3]}")
    print_table(rows)


def print_table(rows: list[dict[str, Any]]) -> None:
    """Print the Markdown table, the index timings and the totals."""
    print("\n| clip | method | wall (s) | vs full | CPU (s) | max drift (s) | mean drift (s) |")
    print("|---|---|---|---|---|---|---|")
    totals = {"reference": 0.0, "tendarr": 0.0}
    for row in rows:
        full = row["full"]["s"]
        for method in ("full", "keyframe", "reference", "tendarr"):
            data = row[method]
            worst, mean = data["drift"]
            print(f"| {row['clip']} | {method} | {data['s']:.2f} | {data['s'] / full:.2f} | "
                  f"{data['cpu']:.1f} | {worst:.2f} | {mean:.2f} |")  # fmt: skip
        totals["reference"] += row["reference"]["s"]
        totals["tendarr"] += row["tendarr"]["s"]
    for row in rows:
        print(f"{row['clip']}: keyframe index by packet scan {row['index_packet_scan_s']:.2f} s, "
              f"by keyframe decode {row['index_frame_scan_s']:.2f} s")  # fmt: skip
    print(f"\ntotal: reference {totals['reference']:.1f} s, tendarr {totals['tendarr']:.1f} s, "
          f"{totals['reference'] / totals['tendarr']:.2f}x faster")  # fmt: skip


if __name__ == "__main__":
    main()
