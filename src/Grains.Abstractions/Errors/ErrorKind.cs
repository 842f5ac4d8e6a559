namespace GatoLink.Grains.Abstractions.Errors;

/// <summary>Every refusal or failure a client can see; maps to one HTTP status and OpenAI error type.</summary>
public enum ErrorKind
{
    /// <summary>400 invalid_request_error.</summary>
    InvalidRequest,
    /// <summary>401 invalid_api_key.</summary>
    InvalidApiKey,
    /// <summary>403 model not allowed / admin only.</summary>
    PermissionDenied,
    /// <summary>404 model_not_found.</summary>
    ModelNotFound,
    /// <summary>404 resource (tenant, key, node) not found.</summary>
    NotFound,
    /// <summary>413 body too large.</summary>
    RequestTooLarge,
    /// <summary>429 rate_limit_exceeded.</summary>
    RateLimited,
    /// <summary>429 budget_exceeded.</summary>
    BudgetExceeded,
    /// <summary>429 insufficient_quota: a prepaid tenant's wallet is spent (what OpenAI answers for a spent balance).</summary>
    InsufficientQuota,
    /// <summary>502 the node failed.</summary>
    UpstreamError,
    /// <summary>503 no node can serve.</summary>
    NoCapacity,
    /// <summary>504 the node did not answer in time.</summary>
    UpstreamTimeout,
    /// <summary>409 conflict (duplicate name, …).</summary>
    Conflict,
    /// <summary>503 a dependency (the database) is away; try again.</summary>
    ServiceUnavailable,
}
