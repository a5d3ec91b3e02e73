# match tests
