// Implemented with issue 5 (topic scores and labels).
#include "storage/topics.h"
