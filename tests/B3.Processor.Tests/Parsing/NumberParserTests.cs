using System.Globalization;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using B3.Processor.Parsing.Common;

namespace B3.Processor.Tests.Parsing;

/// <summary>
/// Sixteen digits into a number, with SSSE3 (x64, where the tests run) and without (Arm, where analysts' laptops run
/// the Processor): both bodies must give the number the digits write.
/// </summary>
public sealed class NumberParserTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("7")]
    [InlineData("35")]
    [InlineData("10000000")]
    [InlineData("123456789")]
    [InlineData("0000000000000001")]
    [InlineData("1234567890123456")]
    [InlineData("9999999999999999")]
    [InlineData("9000000000000009")]
    public void SixteenDigitsReadAlikeWithAndWithoutSsse3(string text)
    {
        var lanes = new byte[16];
        for (var i = 0; i < text.Length; i++)
        {
            lanes[16 - text.Length + i] = (byte)(text[i] - '0');
        }

        var digits = Vector128.Create(lanes);
        var expected = long.Parse(text, CultureInfo.InvariantCulture);

        Assert.Equal(expected, NumberParser.SixteenDigitsAsWords(digits));
        Assert.Equal(expected, NumberParser.SixteenDigits(digits));
        if (Ssse3.IsSupported)
        {
            Assert.Equal(expected, NumberParser.SixteenDigitsWithSsse3(digits));
        }
    }
}
