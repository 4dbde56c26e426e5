// netstandard2.0 lacks the types the compiler needs for records and init accessors; declaring them
// internally is the documented way to use those features there.
namespace System.Runtime.CompilerServices
{
    internal static class IsExternalInit
    {
    }
}
