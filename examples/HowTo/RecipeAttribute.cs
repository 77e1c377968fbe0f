namespace HowTo;

/// <summary>Marks a static <c>Task Run(string[] args)</c> method as the how-to recipe with this name.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RecipeAttribute(string name, string summary) : Attribute
{
    public string Name { get; } = name;
    public string Summary { get; } = summary;
}
