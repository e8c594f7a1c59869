// Loaded with `node --require` by the mutation check: applies mutation $CDX_MUTATION before the tests load the model.
'use strict';
const index = Number(process.env.CDX_MUTATION);
if (Number.isInteger(index)) {
  const list = require('./mutations.cjs').mutations();
  list[index].apply();
}
