# extract tests
