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
//
// Details, following libprocess' Request::acceptsMediaType unless noted:
// - Whitespace (SP, HTAB, CR, LF) anywhere in the header is ignored; media
//   ranges compare case-insensitively.
// - For each candidate range (exact, type/*, */*) in turn, the first element of
//   the header naming it decides; a less specific range is consulted only if no
//   element names the more specific one.
// - Parameters other than q are ignored. The parameter name "q" is matched
//   case-insensitively (RFC 7231; libprocess only knows lower-case "q").
// - The first q parameter is the weight. A weight that is not a plain decimal
//   number (digits with at most one '.', no sign or exponent; e.g. "", "abc",
//   "-1", "1e-3") makes the element refuse the type, like a zero weight.
//   (libprocess ignores an empty or repeated q and takes any C++ double.)
// - An empty header (present but blank) accepts nothing, so it yields nullopt,
//   as in libprocess.
std::optional<Encoding> NegotiateAccept(std::optional<std::string_view> accept);

// Whether `accept` accepts `media_type` at all, by the rules above.
bool Accepts(std::optional<std::string_view> accept, std::string_view media_type);

}  // namespace mc
