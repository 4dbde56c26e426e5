using System;

namespace Sqlmint;

/// <summary>
/// Sends an enum parameter as its member name (text) instead of its number, for a column that stores the name.
/// Put it on the enum type (every use), or on a method parameter, a property or a field (that use only). Reading
/// needs nothing: a text column is parsed by name and a number is cast, either way.
/// </summary>
/// <remarks>
/// The generated code switches over the enum's declared members, so it needs no reflection; a value that is not a
/// declared member (a combination of flags, say) is sent as its number, in text.
/// </remarks>
[AttributeUsage(AttributeTargets.Enum | AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class EnumAsTextAttribute : Attribute
{
}
