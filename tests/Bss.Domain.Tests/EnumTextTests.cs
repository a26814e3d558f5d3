using Bss.Domain.Common;
using Bss.Domain.Customers;

namespace Bss.Domain.Tests;

public class EnumTextTests
{
    private enum Sample
    {
        BankTransfer,
        Ok,
    }

    [Fact]
    public void Code_MultiWordName_IsUpperSnake() => Assert.Equal("BANK_TRANSFER", EnumText.Code(Sample.BankTransfer));

    [Fact]
    public void Display_MultiWordName_IsSentenceCase() => Assert.Equal("Bank transfer", EnumText.Display(Sample.BankTransfer));

    [Fact]
    public void Display_CustomerStatus_IsCapitalisedWord() => Assert.Equal("Suspended", EnumText.Display(CustomerStatus.Suspended));

    [Theory]
    [InlineData("ACTIVE", CustomerStatus.Active)]
    [InlineData("terminated", CustomerStatus.Terminated)]
    [InlineData(" Suspended ", CustomerStatus.Suspended)]
    public void TryParse_KnownCode_IgnoresCaseAndSpace(string code, CustomerStatus expected)
    {
        Assert.True(EnumText.TryParse<CustomerStatus>(code, out var parsed));
        Assert.Equal(expected, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("DELETED")]
    [InlineData("0")]
    public void TryParse_UnknownCode_Fails(string? code) => Assert.False(EnumText.TryParse<CustomerStatus>(code, out _));
}
