// Media types and content negotiation as the Mesos 1.4 agent and master do it
// (shared facts executor-http-api.md §1, scheduler-http-api.md §1).
#pragma once

#include <optional>
#include <string_view>

namespace mc {

enum class Encoding { kJson, kProtobuf };

inline constexpr std::string_view kJsonMediaType = "application/json";
inline constexpr std::string_view kProtobufMediaType = "application/x-protobuf";

std::string_view MediaType(Encoding encoding);

// Request bodies: Mesos compares Content-Type by exact string equality, so
// parameters or other casing are unsupported.
enum class RequestTypeCheck { kOk, kMissing /*400*/, kUnsupported /*415*/ };
RequestTypeCheck CheckRequestContentType(std::optional<std::string_view> header,
                                         Encoding* encoding);

// Response of SUBSCRIBE from the Accept header: JSON if acceptable (tested
// first), else protobuf if acceptable, else nullopt (406). An absent header
// accepts everything. Per media range: exact type, then type/*, then */*, with
// q=0 excluding.
std::optional<Encoding> NegotiateAccept(std::optional<std::string_view> accept);

// Whether `accept` accepts `media_type` at all, by the rules above.
bool Accepts(std::optional<std::string_view> accept, std::string_view media_type);

}  // namespace mc
