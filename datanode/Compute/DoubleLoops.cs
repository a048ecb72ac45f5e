using System.Numerics;
using DataLocal.Common.Query;

namespace DataLocal.DataNode.Compute;

/// <summary>
/// DOUBLE +, -, *, / over whole vectors with <see cref="Vector{T}"/> (IEEE operations, so the same results as
/// <see cref="SqlValues.DoubleArithmetic"/> value by value): the operator is picked once per vector, and a
/// constant side is broadcast.
/// </summary>
internal static class DoubleLoops
{
    public static void Apply(BinaryOperator op, double[] x, bool xConstant, double[] y, bool yConstant, double[] output)
    {
        switch (op)
        {
            case BinaryOperator.Add:
                Run<AddOp>(x, xConstant, y, yConstant, output);
                break;
            case BinaryOperator.Subtract:
                Run<SubtractOp>(x, xConstant, y, yConstant, output);
                break;
            case BinaryOperator.Multiply:
                Run<MultiplyOp>(x, xConstant, y, yConstant, output);
                break;
            case BinaryOperator.Divide:
                Run<DivideOp>(x, xConstant, y, yConstant, output);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(op), op, "not a vectorised DOUBLE operator");
        }
    }

    private static void Run<TOp>(double[] x, bool xConstant, double[] y, bool yConstant, double[] output)
        where TOp : struct, IOp
    {
        var width = Vector<double>.Count;
        var i = 0;
        var xBroadcast = new Vector<double>(x[0]);
        var yBroadcast = new Vector<double>(y[0]);
        for (; i <= output.Length - width; i += width)
        {
            var a = xConstant ? xBroadcast : new Vector<double>(x, i);
            var b = yConstant ? yBroadcast : new Vector<double>(y, i);
            TOp.Apply(a, b).CopyTo(output, i);
        }
        for (; i < output.Length; i++)
        {
            output[i] = TOp.Apply(x[xConstant ? 0 : i], y[yConstant ? 0 : i]);
        }
    }

    private interface IOp
    {
        static abstract double Apply(double a, double b);

        static abstract Vector<double> Apply(Vector<double> a, Vector<double> b);
    }

    private readonly struct AddOp : IOp
    {
        public static double Apply(double a, double b) => a + b;

        public static Vector<double> Apply(Vector<double> a, Vector<double> b) => a + b;
    }

    private readonly struct SubtractOp : IOp
    {
        public static double Apply(double a, double b) => a - b;

        public static Vector<double> Apply(Vector<double> a, Vector<double> b) => a - b;
    }

    private readonly struct MultiplyOp : IOp
    {
        public static double Apply(double a, double b) => a * b;

        public static Vector<double> Apply(Vector<double> a, Vector<double> b) => a * b;
    }

    private readonly struct DivideOp : IOp
    {
        public static double Apply(double a, double b) => a / b;

        public static Vector<double> Apply(Vector<double> a, Vector<double> b) => a / b;
    }
}
