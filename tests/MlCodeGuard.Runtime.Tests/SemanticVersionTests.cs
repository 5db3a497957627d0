namespace MlCodeGuard.Runtime.Tests;

public sealed class SemanticVersionTests
{
    [Theory]
    [InlineData("0.0.0")]
    [InlineData("1.2.3")]
    [InlineData("1.0.0-alpha.1")]
    [InlineData("1.0.0-0.3.7")]
    [InlineData("1.0.0-x-y-z.--")]
    [InlineData("1.0.0+20130313144700")]
    [InlineData("1.0.0-beta+exp.sha.5114f85")]
    public void Valid_versions_parse_and_print_back(string text)
    {
        Assert.True(SemanticVersion.TryParse(text, out var version));
        Assert.Equal(text, version!.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("1.2")]
    [InlineData("1.2.3.4")]
    [InlineData("1.02.3")]
    [InlineData("1.2.3-01")]
    [InlineData("1.2.3+")]
    [InlineData(" 1.2.3")]
    public void Invalid_versions_are_refused(string text) => Assert.False(SemanticVersion.TryParse(text, out _));

    [Fact]
    public void Precedence_follows_the_specification()
    {
        // The example chain of semver.org, section 11.
        var chain = new[] { "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "2.0.0", "2.1.0", "2.1.1" }
            .Select(SemanticVersion.Parse).ToArray();
        for (var i = 1; i < chain.Length; i++)
        {
            Assert.True(chain[i - 1].CompareTo(chain[i]) < 0, $"{chain[i - 1]} < {chain[i]}");
            Assert.True(chain[i].CompareTo(chain[i - 1]) > 0, $"{chain[i]} > {chain[i - 1]}");
        }

        Assert.Equal(0, SemanticVersion.Parse("1.0.0+a").CompareTo(SemanticVersion.Parse("1.0.0+b")));
        Assert.NotEqual(SemanticVersion.Parse("1.0.0+a"), SemanticVersion.Parse("1.0.0+b"));
        Assert.Equal(SemanticVersion.Parse("1.0.0+a"), SemanticVersion.Parse("1.0.0+a"));
    }
}
