using System.Net.Http.Headers;
using Majster.Tests.Support;

namespace Majster.Tests.Unit;

/// <summary>The checker the response-vs-document test relies on refuses what the document does not allow.</summary>
[Trait("Category", "Unit")]
public sealed class OpenApiContractTests
{
    private const string Document = """
        {
          "openapi": "3.1.1",
          "paths": {
            "/things/{id}": {
              "get": {
                "responses": {
                  "200": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Thing" } } } },
                  "204": { "description": "none" }
                }
              }
            }
          },
          "components": {
            "schemas": {
              "Thing": {
                "type": "object",
                "required": ["id", "at", "count", "status"],
                "properties": {
                  "id": { "type": "string", "format": "uuid" },
                  "at": { "type": "string", "format": "date-time" },
                  "count": { "type": "integer", "format": "int32" },
                  "status": { "type": "string", "enum": ["pending", "sent"] }
                }
              }
            }
          }
        }
        """;

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    [Fact]
    public void Check_Accepts_WhatTheDocumentDescribes()
    {
        var contract = new OpenApiContract(Document);

        var operation = contract.OperationFor(HttpMethod.Get, "/things/42");

        Assert.Equal("GET /things/{id}", operation);
        Assert.Empty(contract.Check(operation!, 200, Json,
            """{"id": "5f0c4a9e-8c1d-4a52-9a51-6a1f43b0c111", "at": "2026-01-03T10:00:00.000Z", "count": 1, "status": "sent"}"""));
        Assert.Empty(contract.Check(operation!, 204, null, ""));
    }

    [Theory]
    [InlineData(200, """{"id": "5f0c4a9e-8c1d-4a52-9a51-6a1f43b0c111", "at": "2026-01-03T10:00:00.000Z", "count": "1", "status": "sent"}""")]
    [InlineData(200, """{"id": "5f0c4a9e-8c1d-4a52-9a51-6a1f43b0c111", "at": "yesterday", "count": 1, "status": "sent"}""")]
    [InlineData(200, """{"id": "not-a-uuid", "at": "2026-01-03T10:00:00.000Z", "count": 1, "status": "sent"}""")]
    [InlineData(200, """{"id": "5f0c4a9e-8c1d-4a52-9a51-6a1f43b0c111", "at": "2026-01-03T10:00:00.000Z", "count": 1, "status": "done"}""")]
    [InlineData(200, """{"id": "5f0c4a9e-8c1d-4a52-9a51-6a1f43b0c111", "count": 1, "status": "sent"}""")]
    [InlineData(404, """{"status": 404}""")]
    public void Check_Refuses_WhatTheDocumentDoesNotAllow(int status, string body)
    {
        var contract = new OpenApiContract(Document);

        Assert.NotEmpty(contract.Check("GET /things/{id}", status, Json, body));
    }
}
