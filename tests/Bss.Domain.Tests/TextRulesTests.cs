using Bss.Domain.Common;

namespace Bss.Domain.Tests;

public class TextRulesTests
{
    [Theory]
    [InlineData("+48600100200")]
    [InlineData("48600100200")]
    [InlineData("12")]
    public void Phone_E164_Accepts(string phone) => Assert.Null(TextRules.Phone(phone));

    [Theory]
    [InlineData("0048600100200")]
    [InlineData("+1234567890123456")]
    [InlineData("600-100-200")]
    [InlineData("+")]
    public void Phone_NotE164_Rejects(string phone) => Assert.NotNull(TextRules.Phone(phone));

    [Theory]
    [InlineData("a@b.pl")]
    [InlineData("first.last+tag@example.co.uk")]
    public void Email_Valid_Accepts(string email) => Assert.Null(TextRules.Email(email));

    [Theory]
    [InlineData("plain")]
    [InlineData("a@b")]
    [InlineData("a b@example.com")]
    [InlineData("@example.com")]
    public void Email_Invalid_Rejects(string email) => Assert.Equal("must be a valid email address", TextRules.Email(email));

    [Fact]
    public void Digits_WrongCount_SaysHowMany() => Assert.Equal("must be exactly 10 digits", TextRules.Digits("123456789", 10));
}
