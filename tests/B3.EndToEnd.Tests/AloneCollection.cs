namespace B3.EndToEnd.Tests;

/// <summary>Tests that run with no other test of this assembly beside them: xunit runs this collection after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "Alone";
}
