#include "harness/cli/cli.h"

int main(int argc, char** argv) { return mc::cli::Main(argc, argv); }
