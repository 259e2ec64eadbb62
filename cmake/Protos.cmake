# Generated C++ for the Mesos v1 wire protos and the harness's own schemas.
# protoc runs with proto/ as its only root, so includes read "mesos/v1/mesos.pb.h".
set(MC_PROTO_DIR ${PROJECT_SOURCE_DIR}/proto)
set(MC_PROTO_OUT ${CMAKE_CURRENT_BINARY_DIR}/proto_gen)
set(MC_PROTO_FILES
  mesos/v1/mesos.proto
  mesos/v1/executor/executor.proto
  mesos/v1/scheduler/scheduler.proto
  conformance/expectations.proto
  conformance/rules.proto
  conformance/scenario.proto
  conformance/faults.proto)

file(MAKE_DIRECTORY ${MC_PROTO_OUT})
set(MC_PROTO_SOURCES "")
foreach(proto ${MC_PROTO_FILES})
  string(REGEX REPLACE "\\.proto$" "" stem ${proto})
  set(outputs ${MC_PROTO_OUT}/${stem}.pb.cc ${MC_PROTO_OUT}/${stem}.pb.h)
  add_custom_command(
    OUTPUT ${outputs}
    COMMAND protobuf::protoc -I${MC_PROTO_DIR} --cpp_out=${MC_PROTO_OUT} ${MC_PROTO_DIR}/${proto}
    DEPENDS ${MC_PROTO_DIR}/${proto} protobuf::protoc
    COMMENT "protoc ${proto}"
    VERBATIM)
  list(APPEND MC_PROTO_SOURCES ${outputs})
endforeach()

add_library(mc_proto STATIC ${MC_PROTO_SOURCES})
target_include_directories(mc_proto PUBLIC ${MC_PROTO_OUT})
target_link_libraries(mc_proto PUBLIC protobuf::libprotobuf)
