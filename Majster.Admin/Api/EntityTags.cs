using System.Globalization;
using Majster.Core.Offers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Majster.Admin.Api;

/// <summary>An endpoint that answers an offer send's ETag, and honours If-Match when it changes the send.</summary>
internal sealed record EntityTagged(bool AcceptsIfMatch);

/// <summary>
/// An offer send's version (PostgreSQL's <c>xmin</c>, new with every write of the row) as its HTTP entity tag, and the
/// <c>If-Match</c> precondition on it (RFC 9110 §13.1.1): a change asked for "only if unchanged" answers 412 when the
/// send has moved on. Without If-Match a change applies to whatever the send is now.
/// </summary>
internal static class EntityTags
{
    /// <summary>The strong entity tag of the send's current version, e.g. <c>"1234"</c>.</summary>
    public static string Of(OfferSend send) => $"\"{send.Version}\"";

    /// <summary>Sets the send's entity tag on the response.</summary>
    public static void Tag(HttpResponse response, OfferSend send) => response.Headers.ETag = Of(send);

    /// <summary>
    /// The versions the request's If-Match names: null when it has none, or <c>*</c> (any current send); else the
    /// versions of its strong tags — a weak tag or a tag this server never issued matches none. False with a 400 when
    /// the header is no list of entity tags.
    /// </summary>
    public static bool TryReadIfMatch(HttpRequest request, out IReadOnlyCollection<uint>? versions, out ProblemHttpResult? problem)
    {
        versions = null;
        problem = null;
        var header = request.Headers.IfMatch;
        if (header.Count == 0)
        {
            return true;
        }

        if (!EntityTagHeaderValue.TryParseStrictList(header, out var tags) || tags.Count == 0)
        {
            problem = ApiProblems.BadRequest("If-Match must be * or a list of entity tags such as \"1234\", as ETag gave them.");
            return false;
        }

        if (tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any)))
        {
            return true;
        }

        versions = [.. tags.Select(Version).OfType<uint>()];
        return true;
    }

    /// <summary>The version a strong tag of ours names (its quoted text is a number), or null.</summary>
    private static uint? Version(EntityTagHeaderValue tag) =>
        !tag.IsWeak && uint.TryParse(tag.Tag.AsSpan(1, tag.Tag.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : null;
}
