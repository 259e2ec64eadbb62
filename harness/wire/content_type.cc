#include "harness/wire/content_type.h"

#include <string>
#include <vector>

namespace mc {
namespace {

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> pieces;
  size_t start = 0;
  for (size_t end; (end = text.find(separator, start)) != std::string_view::npos;
       start = end + 1) {
    pieces.push_back(text.substr(start, end - start));
  }
  pieces.push_back(text.substr(start));
  return pieces;
}

char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

std::string WithoutWhitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') out.push_back(c);
  }
  return out;
}

// True for a plain decimal number greater than zero ("1", "0.5", ".5", "1.").
bool IsPositiveDecimal(std::string_view text) {
  bool seen_digit = false;
  bool seen_nonzero = false;
  bool seen_point = false;
  for (char c : text) {
    if (c == '.' && !seen_point) {
      seen_point = true;
    } else if (c >= '0' && c <= '9') {
      seen_digit = true;
      seen_nonzero |= c != '0';
    } else {
      return false;
    }
  }
  return seen_digit && seen_nonzero;
}

// Whether the parameters of a matching element (the text after its media
// range, each parameter preceded by ';') let the type through.
bool WeightAccepts(std::string_view parameters) {
  for (std::string_view parameter : Split(parameters, ';')) {
    const size_t equals = parameter.find('=');
    if (equals == std::string_view::npos) continue;
    if (!EqualsIgnoreCase(parameter.substr(0, equals), "q")) continue;
    return IsPositiveDecimal(parameter.substr(equals + 1));
  }
  return true;
}

}  // namespace

std::string_view MediaType(Encoding encoding) {
  return encoding == Encoding::kJson ? kJsonMediaType : kProtobufMediaType;
}

RequestTypeCheck CheckRequestContentType(std::optional<std::string_view> header,
                                         Encoding* encoding) {
  if (!header.has_value()) return RequestTypeCheck::kMissing;
  Encoding found;
  if (*header == kJsonMediaType) {
    found = Encoding::kJson;
  } else if (*header == kProtobufMediaType) {
    found = Encoding::kProtobuf;
  } else {
    return RequestTypeCheck::kUnsupported;
  }
  if (encoding != nullptr) *encoding = found;
  return RequestTypeCheck::kOk;
}

bool Accepts(std::optional<std::string_view> accept, std::string_view media_type) {
  const size_t slash = media_type.find('/');
  if (slash == std::string_view::npos || slash == 0 ||
      slash + 1 == media_type.size() ||
      media_type.find('/', slash + 1) != std::string_view::npos) {
    return false;
  }
  if (!accept.has_value()) return true;

  const std::string header = WithoutWhitespace(*accept);
  const std::string candidates[] = {
      std::string(media_type),
      std::string(media_type.substr(0, slash)) + "/*",
      "*/*",
  };
  for (const std::string& candidate : candidates) {
    for (std::string_view element : Split(header, ',')) {
      const size_t semicolon = element.find(';');
      const std::string_view range = element.substr(0, semicolon);
      if (!EqualsIgnoreCase(range, candidate)) continue;
      return semicolon == std::string_view::npos ||
             WeightAccepts(element.substr(semicolon + 1));
    }
  }
  return false;
}

std::optional<Encoding> NegotiateAccept(std::optional<std::string_view> accept) {
  if (Accepts(accept, kJsonMediaType)) return Encoding::kJson;
  if (Accepts(accept, kProtobufMediaType)) return Encoding::kProtobuf;
  return std::nullopt;
}

}  // namespace mc
