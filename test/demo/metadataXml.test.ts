/** The demo's one XML reader (deploys, SOAP envelopes, the reports it runs): strict, with the line and column of a fault. */
import * as assert from 'node:assert/strict';
import { XmlError, childText, parseXml } from '../../src/demo/metadata/xml';

describe('demo LMO: the XML reader', () => {
  it('reads elements, attributes, entities and character references; names are matched without their prefix', () => {
    const root = parseXml('<?xml version="1.0"?><!-- c --><m:a xmlns:m="urn:x" x="1"><m:b>&lt;&#38;&#x41;</m:b></m:a>');
    assert.equal(root.attrs.x, '1');
    assert.equal(childText(root, 'b'), '<&A');
  });

  it('refuses what it cannot read, saying where', () => {
    for (const [text, message] of [
      ['<a><b>x</a>', /b|a/],
      ['<a>&foo;</a>', /foo|entity/i],
      ['<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><a/>', /DOCTYPE|DTD/i],
      ['<a></a><b></b>', /.+/],
    ] as const) {
      assert.throws(
        () => parseXml(text),
        (err: unknown) => err instanceof XmlError && message.test(err.message) && err.line >= 1 && err.column >= 1,
        text,
      );
    }
  });
});
