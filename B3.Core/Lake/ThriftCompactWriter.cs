using System.Buffers;
using System.Text;

namespace B3.Core.Lake;

/// <summary>
/// The part of Thrift's compact protocol that Parquet metadata needs: structs whose fields are written in increasing id
/// order, i32/i64 as zigzag varints, binary and strings with a varint length, lists of i32, binary and structs.
/// </summary>
internal sealed class ThriftCompactWriter(IBufferWriter<byte> output)
{
    private readonly Stack<short> _enclosingFieldIds = new();
    private short _lastFieldId;

    public enum ThriftType : byte
    {
        I32 = 5,
        I64 = 6,
        Binary = 8,
        List = 9,
        Struct = 12,
    }

    /// <summary>Starts a struct that is not a field: the message itself or a list element.</summary>
    public void BeginStruct()
    {
        _enclosingFieldIds.Push(_lastFieldId);
        _lastFieldId = 0;
    }

    public void BeginStruct(short fieldId)
    {
        WriteFieldHeader(fieldId, ThriftType.Struct);
        BeginStruct();
    }

    public void EndStruct()
    {
        output.Write([(byte)0]);
        _lastFieldId = _enclosingFieldIds.Pop();
    }

    /// <summary>An empty struct field, as Parquet's marker types (such as TYPE_ORDER) are.</summary>
    public void WriteEmptyStruct(short fieldId)
    {
        BeginStruct(fieldId);
        EndStruct();
    }

    public void WriteI32(short fieldId, int value)
    {
        WriteFieldHeader(fieldId, ThriftType.I32);
        WriteI32(value);
    }

    public void WriteI64(short fieldId, long value)
    {
        WriteFieldHeader(fieldId, ThriftType.I64);
        Uleb128.Write(output, (ulong)((value << 1) ^ (value >> 63)));
    }

    public void WriteBinary(short fieldId, ReadOnlySpan<byte> value)
    {
        WriteFieldHeader(fieldId, ThriftType.Binary);
        WriteBinary(value);
    }

    public void WriteString(short fieldId, string value) => WriteBinary(fieldId, Encoding.UTF8.GetBytes(value));

    /// <summary>A list field's header; its elements follow through the element writers or <see cref="BeginStruct()"/>.</summary>
    public void WriteListHeader(short fieldId, ThriftType elementType, int count)
    {
        WriteFieldHeader(fieldId, ThriftType.List);
        if (count < 15)
        {
            output.Write([(byte)((count << 4) | (byte)elementType)]);
        }
        else
        {
            output.Write([(byte)(0xF0 | (byte)elementType)]);
            Uleb128.Write(output, (uint)count);
        }
    }

    public void WriteI32(int value) => Uleb128.Write(output, (uint)((value << 1) ^ (value >> 31)));

    public void WriteString(string value) => WriteBinary(Encoding.UTF8.GetBytes(value));

    private void WriteBinary(ReadOnlySpan<byte> value)
    {
        Uleb128.Write(output, (uint)value.Length);
        output.Write(value);
    }

    /// <summary>Short form (id delta and type in one byte) when the id is 1 to 15 above the previous field's.</summary>
    private void WriteFieldHeader(short fieldId, ThriftType type)
    {
        var delta = fieldId - _lastFieldId;
        if (delta is > 0 and <= 15)
        {
            output.Write([(byte)((delta << 4) | (byte)type)]);
        }
        else
        {
            output.Write([(byte)type]);
            WriteI32(fieldId);
        }

        _lastFieldId = fieldId;
    }
}
