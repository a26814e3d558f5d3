using Bss.Domain.Customers;

namespace Bss.Domain.Tests;

public class PeselTests
{
    [Theory]
    [InlineData("44051401359")]
    [InlineData("02070803628")]
    [InlineData("90090515836")]
    public void Check_ValidNumber_Accepts(string pesel) => Assert.Null(Pesel.Check(pesel));

    [Theory]
    [InlineData("44051401358")]
    [InlineData("90090515837")]
    public void Check_WrongControlDigit_RejectsChecksum(string pesel) => Assert.Equal("has an invalid checksum", Pesel.Check(pesel));

    [Theory]
    [InlineData("4405140135")]
    [InlineData("440514013590")]
    [InlineData("4405140135a")]
    [InlineData("４４０５１４０１３５９")]
    public void Check_NotElevenAsciiDigits_RejectsShape(string pesel) => Assert.Equal("must be exactly 11 digits", Pesel.Check(pesel));

    [Fact]
    public void Check_Absent_Accepts() => Assert.Null(Pesel.Check(null));
}
