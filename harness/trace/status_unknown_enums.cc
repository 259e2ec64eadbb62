#include "harness/trace/status_unknown_enums.h"

#include <google/protobuf/unknown_field_set.h>

namespace mc {

void CollectUnknownStatusEnums(const mesos::v1::TaskStatus& status, std::vector<UnknownEnum>* out) {
  const google::protobuf::UnknownFieldSet& unknown = status.unknown_fields();
  for (int i = 0; i < unknown.field_count(); ++i) {
    const google::protobuf::UnknownField& field = unknown.field(i);
    int number = field.number();
    if (field.type() != google::protobuf::UnknownField::TYPE_VARINT) continue;
    if (number == mesos::v1::TaskStatus::kStateFieldNumber ||
        number == mesos::v1::TaskStatus::kSourceFieldNumber ||
        number == mesos::v1::TaskStatus::kReasonFieldNumber) {
      out->push_back({number, static_cast<int64_t>(field.varint())});
    }
  }
}

}  // namespace mc
