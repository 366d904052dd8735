"""Four-wide float64 vectors for the lockstep kernels, as numba intrinsics.

numba runs LLVM's loop vectoriser but not its SLP vectoriser (off by default since numba 0.57,
numba/numba#8852), and the loop vectoriser never sees a loop over a compile-time number of
lanes: LLVM unrolls it fully first, and the unrolled code stays scalar. These intrinsics emit
the vector instructions themselves: a value of the numba type ``VEC`` (an LLVM ``<W x double>``,
a register) is loaded from, and stored to, W consecutive elements of a C-contiguous float64
array at a flat element offset. ``add``, ``sub``, ``mul``, ``div`` are the IEEE operations of the
scalar code; ``muladd``/``nmuladd`` are LLVM's ``fmuladd`` (a b + c in one rounding where the CPU
has FMA, two roundings elsewhere: the meaning of C's ``FP_CONTRACT``). Nothing is reassociated,
so a lane computes what the same loop written per economy computes, up to those contractions.

Offsets are not bounds-checked: callers index arrays laid out (..., LANES) with LANES a multiple
of W.
"""

from __future__ import annotations

from llvmlite import ir
from numba import types
from numba.core import cgutils, errors
from numba.extending import intrinsic, models, register_model

W = 4  # doubles per vector: one AVX2 ymm register
_I32 = ir.IntType(32)
_VTY = ir.VectorType(ir.DoubleType(), W)


class _Vector(types.Type):
    """W float64 lanes held as one LLVM ``<W x double>`` value (a register, never memory)."""

    def __init__(self):
        super().__init__(name=f"float64x{W}")


VEC = _Vector()


@register_model(_Vector)
class _VectorModel(models.PrimitiveModel):
    def __init__(self, dmm, fe_type):
        super().__init__(dmm, fe_type, _VTY)


def _check_array(buf):
    if not (isinstance(buf, types.Array) and buf.dtype == types.float64 and buf.layout == "C"):
        raise errors.TypingError(f"a C-contiguous float64 array is needed, got {buf}")


def _address(context, builder, arrty, arr, off):
    data = context.make_array(arrty)(context, builder, arr).data
    return builder.bitcast(builder.gep(data, [off]), _VTY.as_pointer())


@intrinsic
def load(typingctx, buf, off):
    """buf.flat[off:off + W] as a vector."""
    _check_array(buf)

    def codegen(context, builder, sig, args):
        ptr = _address(context, builder, sig.args[0], args[0], args[1])
        return builder.load(ptr, align=8)

    return VEC(buf, types.intp), codegen


@intrinsic
def store(typingctx, buf, off, v):
    """buf.flat[off:off + W] = v."""
    _check_array(buf)

    def codegen(context, builder, sig, args):
        ptr = _address(context, builder, sig.args[0], args[0], args[1])
        builder.store(args[2], ptr, align=8)
        return context.get_dummy_value()

    return types.none(buf, types.intp, VEC), codegen


def _binary(name):
    def typer(typingctx, a, b):
        def codegen(context, builder, sig, args):
            return getattr(builder, name)(args[0], args[1])

        return VEC(VEC, VEC), codegen

    typer.__name__ = f"v{name[1:]}"
    return intrinsic(typer)


add, sub, mul, div = (_binary(n) for n in ("fadd", "fsub", "fmul", "fdiv"))
add.__doc__, sub.__doc__, mul.__doc__, div.__doc__ = "a + b", "a − b", "a b", "a / b"


@intrinsic
def splat(typingctx, x):
    """(x, x, …, x)."""

    def codegen(context, builder, sig, args):
        v = ir.Constant(_VTY, ir.Undefined)
        for i in range(W):
            v = builder.insert_element(v, args[0], ir.Constant(_I32, i))
        return v

    return VEC(types.float64), codegen


@intrinsic
def where_positive(typingctx, m, a, b):
    """a where m > 0, else b (lane-wise; NaN in m selects b)."""

    def codegen(context, builder, sig, args):
        mask = builder.fcmp_ordered(">", args[0], ir.Constant(_VTY, [0.0] * W))
        return builder.select(mask, args[1], args[2])

    return VEC(VEC, VEC, VEC), codegen


@intrinsic
def minimum(typingctx, a, b):
    """b where b < a, else a (lane-wise; a NaN in b keeps a)."""

    def codegen(context, builder, sig, args):
        a, b = args
        return builder.select(builder.fcmp_ordered("<", b, a), b, a)

    return VEC(VEC, VEC), codegen


@intrinsic
def maximum(typingctx, a, b):
    """b where b > a, else a (lane-wise; a NaN in b keeps a)."""

    def codegen(context, builder, sig, args):
        a, b = args
        return builder.select(builder.fcmp_ordered(">", b, a), b, a)

    return VEC(VEC, VEC), codegen


def _fused(negate):
    def typer(typingctx, a, b, c):
        def codegen(context, builder, sig, args):
            fnty = ir.FunctionType(_VTY, [_VTY, _VTY, _VTY])
            fn = cgutils.get_or_insert_function(builder.module, fnty, f"llvm.fmuladd.v{W}f64")
            x = builder.fneg(args[0]) if negate else args[0]
            return builder.call(fn, [x, args[1], args[2]])

        return VEC(VEC, VEC, VEC), codegen

    typer.__name__ = "fnmuladd" if negate else "fmuladd"
    return intrinsic(typer)


muladd = _fused(False)
muladd.__doc__ = "a b + c, fused into one rounding where the CPU has FMA (LLVM ``fmuladd``)."
nmuladd = _fused(True)
nmuladd.__doc__ = "c − a b, fused into one rounding where the CPU has FMA (LLVM ``fmuladd``)."
