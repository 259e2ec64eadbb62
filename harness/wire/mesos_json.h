// Mesos's own JSON mapping of protobuf messages (stout's JSON::protobuf and
// protobuf::parse), which is not the proto3 JSON mapping. Rules: shared facts
// wire-messages.md §A.2.
//
// Output: proto field names, keys in alphabetical order, enums by name, bytes as
// padded standard base64, every integer a bare number, doubles with a decimal
// point, "/" escaped as "\/", set fields plus unset non-repeated fields that have
// an explicit default and are not deprecated; empty repeated fields omitted.
//
// Input: keys matched by exact field name; unknown keys and nulls ignored; types
// checked strictly (enum only by name, numbers only from JSON numbers, bytes only
// from valid base64); then every required field must be present.
//
// Where this differs from stout on purpose: an integer field takes only an
// integral, in-range number (stout truncates 1.5); an unknown enum name is always
// refused (later stout drops it silently unless the field is required); messages
// nested deeper than 100 levels are refused; a NaN or infinite double prints as
// null (stout writes "nan"); error messages name the field by its path
// ('update.status.state', 'offers[1].id') where stout names only the leaf field,
// so errors about top-level fields read exactly like Mesos's. As in stout, a null
// inside an array is skipped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <google/protobuf/message.h>
#include <simdjson.h>

#include "absl/status/status.h"

namespace mc::mesos_json {

// Appends the Mesos JSON form of `message` to *out. Never fails.
void Print(const google::protobuf::Message& message, std::string* out);
std::string Print(const google::protobuf::Message& message);

struct ParseOptions {
  // Mesos refuses a message with a missing required field; the checker instead
  // wants the message and reports the gap itself.
  bool require_initialized = true;
};

// Parses `json` into *message (cleared first). Errors read like Mesos's:
// "Not expecting a JSON string for field 'x'", "Failed to find enum for 'X'",
// "Missing required fields: a.b, c". The message may be partly filled on error.
absl::Status Parse(std::string_view json, google::protobuf::Message* message,
                   const ParseOptions& options = {});

// Same, from an already parsed JSON value (the trace reader parses each line
// once and reads its own annotation keys beside the message's).
absl::Status ParseValue(simdjson::dom::element value, google::protobuf::Message* message,
                        const ParseOptions& options = {});

// Standard base64 with '=' padding, and its strict inverse: the length must be a
// multiple of 4, '=' may only end it (at most two), no whitespace, no URL-safe
// alphabet. (stout also accepts missing padding and whitespace.) Unused low bits
// of the last character are ignored, as stout does.
std::string Base64Encode(std::string_view bytes);
bool Base64Decode(std::string_view text, std::string* bytes);

}  // namespace mc::mesos_json
