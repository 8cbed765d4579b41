"""Filter chains that turn selected source frames into SDR thumbnails.

Every chain runs *after* frame selection, so scaling and tone mapping touch only the frames
that become thumbnails. The order is always: (GPU: scale on the device, download the small
frame) → downscale → tone-map → 8-bit 4:2:0.

* SDR: ``scale``.
* PQ (HDR10, HDR10+, Dolby Vision 7/8.1) and HLG (and DV 8.4), CPU, with zscale: the size
  change happens inside the first zscale, then ``tonemap`` in linear light, back to BT.709.
* Same without zscale (a build without libzimg): ``scale`` with the BT.2020 matrix, then a
  ``lutyuv`` curve that applies the PQ/HLG EOTF, the same tone operator and the BT.709 OETF
  to luma, and a fixed chroma gain for the wider primaries. Hues are less exact than
  zscale's, but blacks are black and contrast is restored: not washed out.
* Dolby Vision 5 (no HDR10 base layer): ``libplacebo`` on a Vulkan device when one was
  found (a real GPU, not llvmpipe); otherwise plain ``scale`` — dim, but not green/purple.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from tendarr.domain.previews.hardware import GpuDevice, GpuKind
from tendarr.domain.previews.settings import TonemapAlgorithm
from tendarr.domain.previews.source import ToneRoute

NOMINAL_PEAK_NITS = 100  # zscale npl: SDR reference white
_TONEMAP_PEAK = 10.0  # scene peak assumed by the LUT fallback, in units of the reference white
_CHROMA_GAIN = 1.3  # the LUT fallback's saturation boost (BT.2020 chroma read as BT.709)
_DOWNLOAD_FORMAT = {GpuKind.CUDA: "p010le", GpuKind.VAAPI: "p010", GpuKind.QSV: "p010"}
_SCALER = {GpuKind.CUDA: "scale_cuda", GpuKind.VAAPI: "scale_vaapi", GpuKind.QSV: "scale_qsv"}


class ChainKind(enum.StrEnum):
    """Which recipe a chain used (recorded so outcomes can say how a file was handled)."""

    SCALE = "scale"
    ZSCALE_TONEMAP = "zscale+tonemap"
    LUT_TONEMAP = "lut-tonemap"
    LIBPLACEBO = "libplacebo"
    DOVI5_UNMAPPED = "dovi5-untonemapped"


@dataclass(frozen=True)
class PictureChain:
    """A filter chain string, any extra input options it needs, and the recipe used."""

    filters: str
    kind: ChainKind
    input_options: tuple[str, ...] = ()


def _zscale_tonemap(route: ToneRoute, algorithm: TonemapAlgorithm, size: str) -> str:
    transfer = "arib-std-b67" if route is ToneRoute.HLG else "smpte2084"
    first = f"zscale={size}tin={transfer}:min=bt2020nc:pin=bt2020:rin=limited"
    return ",".join(
        [
            f"{first}:t=linear:npl={NOMINAL_PEAK_NITS}",
            "format=gbrpf32le",
            "zscale=p=bt709",
            f"tonemap=tonemap={algorithm.value}:desat=0",
            "zscale=t=bt709:m=bt709:r=limited",
            "format=yuv420p",
        ]
    )


def _operator(algorithm: TonemapAlgorithm, x: str) -> str:
    """Return an FFmpeg expression for FFmpeg's tone operators on linear light ``x``."""
    if algorithm is TonemapAlgorithm.HABLE:
        a, b, c, d, e, f = 0.15, 0.50, 0.10, 0.20, 0.02, 0.30
        return f"(({x}*({a}*{x}+{c * b})+{d * e})/({x}*({a}*{x}+{b})+{d * f})-{e / f})"
    if algorithm is TonemapAlgorithm.REINHARD:
        return f"({x}/({x}+1))"
    if algorithm is TonemapAlgorithm.GAMMA:
        return f"pow({x},1/1.8)"
    if algorithm is TonemapAlgorithm.MOBIUS:
        return f"if(lte({x},0.3),{x},0.3+0.7*({x}-0.3)/({x}-0.3+0.7))"
    return f"min({x},1)"  # clip, linear


def lut_tonemap_expression(route: ToneRoute, algorithm: TonemapAlgorithm) -> str:
    """Return a ``lutyuv`` luma expression: limited-range code → tone-mapped BT.709 code."""
    signal = "clip((val-16)/219,0,1)"
    if route is ToneRoute.HLG:
        a, b, c = 0.17883277, 0.28466892, 0.55991073
        linear = f"if(lte(ld(0),0.5),ld(0)*ld(0)/3,(exp((ld(0)-{c})/{a})+{b})/12)*10"
    else:  # PQ (ST 2084) EOTF, in units of 100 nits
        m1, m2, c1, c2, c3 = 0.1593017578125, 78.84375, 0.8359375, 18.8515625, 18.6875
        linear = f"pow(max(pow(ld(0),1/{m2})-{c1},0)/({c2}-{c3}*pow(ld(0),1/{m2})),1/{m1})*100"
    mapped = _operator(algorithm, "ld(1)")
    white = _operator(algorithm, str(_TONEMAP_PEAK))
    if algorithm is TonemapAlgorithm.HABLE:
        mapped = f"{mapped}/{white}"
    oetf = "if(lt(ld(2),0.018),4.5*ld(2),1.099*pow(ld(2),0.45)-0.099)"
    return f"st(0,{signal});st(1,{linear});st(2,clip({mapped},0,1));clip(16+219*{oetf},16,235)"


def picture_chain(
    route: ToneRoute,
    width: int,
    height: int,
    *,
    algorithm: TonemapAlgorithm = TonemapAlgorithm.HABLE,
    device: GpuDevice | None = None,
    zscale: bool = True,
    vulkan: bool = False,
) -> PictureChain:
    """Return the chain from a selected (possibly GPU) frame to a ``widthxheight`` thumbnail."""
    size = f"w={width}:h={height}:"
    if route is ToneRoute.DOVI5:
        if vulkan:
            placebo = (
                f"hwupload,libplacebo={size}tonemapping={algorithm.value}:colorspace=bt709:"
                "color_primaries=bt709:color_trc=bt709:range=tv:format=yuv420p,"
                "hwdownload,format=yuv420p"
            )
            options = ("-init_hw_device", "vulkan=vk", "-filter_hw_device", "vk")
            return PictureChain(placebo, ChainKind.LIBPLACEBO, options)
        prefix = _download(device, width, height, hdr=True)
        scaled = f"scale={size}flags=bicubic,format=yuv420p" if device is None else "format=yuv420p"
        return PictureChain(prefix + scaled, ChainKind.DOVI5_UNMAPPED)
    hdr = route in {ToneRoute.PQ, ToneRoute.HLG}
    prefix = _download(device, width, height, hdr=hdr)
    resize = "" if device is not None else size
    if not hdr:
        scale = f"scale={size}flags=bicubic," if device is None else ""
        return PictureChain(f"{prefix}{scale}format=yuv420p", ChainKind.SCALE)
    if zscale:
        chain = prefix + _zscale_tonemap(route, algorithm, resize)
        return PictureChain(chain, ChainKind.ZSCALE_TONEMAP)
    scale = f"scale={resize}in_color_matrix=bt2020:out_color_matrix=bt709"
    lut = lut_tonemap_expression(route, algorithm)
    return PictureChain(f"{prefix}{scale},format=yuv420p,lutyuv=y='{lut}'", ChainKind.LUT_TONEMAP)


def _download(device: GpuDevice | None, width: int, height: int, *, hdr: bool) -> str:
    """Return the GPU scale + download prefix (empty on the CPU)."""
    if device is None:
        return ""
    fmt = _DOWNLOAD_FORMAT[device.kind] if hdr else "nv12"
    down = "p010le" if hdr else "nv12"
    return f"{_SCALER[device.kind]}=w={width}:h={height}:format={fmt},hwdownload,format={down},"


def variant_scale(width: int, height: int) -> str:
    """Return the chain that scales a finished thumbnail down to another variant's size."""
    return f"scale=w={width}:h={height}:flags=bicubic"
