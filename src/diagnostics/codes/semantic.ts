import type { CodeTable } from "./entry.js";

/**
 * THTL2000-2999: the checker and the compiler. `{hint}` placeholders hold a "did you mean"
 * suggestion (`; did you mean 'x'?`), or for short fixed lists the list (`; use sgd, adam, ...`),
 * or nothing.
 */
export const SEMANTIC_CODES = {
  // imports and names: 2000-2019
  THTL2000: {
    severity: "error",
    message: "cannot find the imported file '{path}'",
    example: 'import "missing.thtl"',
  },
  THTL2001: {
    severity: "error",
    message: "import cycle: {cycle}",
    example: '# a.thtl\nimport "b.thtl"\n# b.thtl\nimport "a.thtl"',
  },
  THTL2002: {
    severity: "error",
    message: "{kind} '{name}' is declared more than once",
    example: "schedule s { stage a { train head; epochs 1 } }\nschedule s { stage b { train all; epochs 1 } }",
  },
  THTL2003: {
    severity: "error",
    message: "unknown domain '{name}'{hint}",
    example: "experiment e { models resnet18; chain scratch -> larnyx with s }",
  },
  THTL2004: {
    severity: "error",
    message: "unknown schedule '{name}'{hint}",
    example: "experiment e { models resnet18; chain scratch -> larynx with ful }",
  },
  THTL2005: {
    severity: "error",
    message: "unknown model '{name}': it is neither a built-in architecture nor a declared model{hint}",
    example: "experiment e { models resnt18; chain scratch -> larynx with full }",
  },
  THTL2006: {
    severity: "error",
    message: "unknown architecture '{name}'{hint}",
    example: "model small { arch resnet19 }",
  },
  THTL2007: {
    severity: "error",
    message: "model '{name}' has the name of a built-in architecture; give the variant another name",
    example: "model resnet18 { arch resnet18; width 0.5 }",
  },
  THTL2008: {
    severity: "error",
    message: "stage '{name}' is declared more than once in {schedule}",
    example: "schedule s {\n  stage a { train head; epochs 1 }\n  stage a { train all; epochs 1 }\n}",
  },
  THTL2009: {
    severity: "error",
    message: "`{statement}` is given more than once in {owner}",
    example: "stage a { train head; epochs 1; epochs 2 }",
  },
  THTL2010: {
    severity: "error",
    message: "'{item}' is listed more than once in `{statement}`",
    example: "domain d { data synth larynx 100; classes benign, benign }",
  },
  THTL2011: {
    severity: "warning",
    message: "domain '{name}' is declared but no experiment uses it",
    example: "domain unused { data synth natural 100 }",
  },
  THTL2012: {
    severity: "warning",
    message: "schedule '{name}' is declared but no experiment uses it",
    example: "schedule unused { stage a { train head; epochs 1 } }",
  },

  // domains: 2020-2039
  THTL2020: {
    severity: "error",
    message: "domain '{name}' has both `weights` and `data`: a domain is either pretrained weights or a dataset",
    example: 'domain d { weights "w/{model}"; data imagefolder "data/d" }',
  },
  THTL2021: {
    severity: "error",
    message: "domain '{name}' has neither `weights` nor `data`",
    example: "domain d { image 64x64 }",
  },
  THTL2022: {
    severity: "error",
    message: "positive class '{name}' is not among the classes of domain '{domain}' ({classes}){hint}",
    example: "domain larynx { data synth larynx 100; positive malignent }",
  },
  THTL2023: {
    severity: "error",
    message: "split {ratio} sums to {sum}, not 100",
    example: "domain d { data synth natural 100; split 70/20 }",
  },
  THTL2024: {
    severity: "error",
    message: "every part of split {ratio} must be a positive percentage",
    example: "domain d { data synth natural 100; split 100/0 }",
  },
  THTL2025: {
    severity: "error",
    message: "unknown augmentation '{name}'{hint}",
    example: "domain d { data synth natural 100; augment hflp }",
  },
  THTL2026: {
    severity: "error",
    message: "`{name}` needs a value: {usage}",
    example: "domain d { data synth natural 100; augment rotate }",
  },
  THTL2027: {
    severity: "error",
    message: "`{name}` takes no value",
    example: "domain d { data synth natural 100; augment hflip 2 }",
  },
  THTL2028: {
    severity: "error",
    message: "unknown synth kind '{name}'{hint}",
    example: "domain d { data synth fundsu 100 }",
  },
  THTL2029: {
    severity: "error",
    message: "domain '{domain}' has {count} class; a classifier needs at least two",
    example: "domain d { data synth larynx 100; classes benign }",
  },
  THTL2030: {
    severity: "error",
    message: "cannot read the classes of domain '{domain}' from '{path}': {reason}; list them with `classes`",
    example: 'domain d { data imagefolder "no/such/folder" }',
  },
  THTL2031: {
    severity: "warning",
    message: "`{statement}` has no effect in weights domain '{domain}'",
    example: 'domain imagenet { weights "w/{model}"; augment hflip }',
  },
  THTL2032: {
    severity: "error",
    message: "domain '{domain}' lists {count} classes, but synth kind '{kind}' generates {expected} ({classes})",
    example: "domain d { data synth larynx 100; classes a, b, c }",
  },

  // values: 2040-2049
  THTL2040: {
    severity: "error",
    message: "`{setting}` must be a positive number, not {value}",
    example: "stage a { train head; epochs 1; lr 0 }",
  },
  THTL2041: {
    severity: "error",
    message: "`{setting}` must be a positive whole number, not {value}",
    example: "stage a { train head; epochs 2.5 }",
  },
  THTL2042: {
    severity: "error",
    message: "`{setting}` must be {range}, not {value}",
    example: "model m { arch resnet18; dropout 1.5 }",
  },

  // schedules and selectors: 2050-2069
  THTL2050: {
    severity: "error",
    message: "stage '{stage}' has no `epochs`, and {schedule} has no default for it",
    example: "schedule s { stage a { train head } }",
  },
  THTL2051: {
    severity: "error",
    message: "unknown optimizer '{name}'{hint}",
    example: "stage a { train head; epochs 1; optimizer adma }",
  },
  THTL2052: {
    severity: "error",
    message: "`momentum` applies only to sgd, not '{name}'",
    example: "stage a { train head; epochs 1; optimizer adam momentum 0.9 }",
  },
  THTL2053: {
    severity: "error",
    message: "unknown metric '{name}'{hint}",
    example: "stage a { train head; epochs 9; early_stop val_accuracy patience 2 }",
  },
  THTL2054: {
    severity: "error",
    message: "stage '{stage}' leaves nothing trainable in model '{model}'",
    example: "schedule s { stage a { train head; freeze head; epochs 1 } }",
  },
  THTL2055: {
    severity: "error",
    message: "{selector} matches nothing in model '{model}' (groups: {groups}){hint}",
    example: "stage a { train layer5; epochs 1 }",
  },
  THTL2056: {
    severity: "error",
    message: "range {selector} runs backwards in model '{model}': '{from}' comes after '{to}'",
    example: "stage a { train layer4..layer2; epochs 1 }",
  },
  THTL2057: {
    severity: "error",
    message: "{selector} asks for more groups than model '{model}' has before head ({count}: {groups})",
    example: "stage a { train last 9; epochs 1 }",
  },
  THTL2058: {
    severity: "warning",
    message: "`unfreeze {selector}` has no effect in stage '{stage}': {groups} already trainable",
    example: "stage a { train all; unfreeze layer4; epochs 1 }",
  },
  THTL2059: {
    severity: "warning",
    message: "`freeze {selector}` has no effect in stage '{stage}': {groups} already frozen",
    example: "stage a { train head; freeze layer1; epochs 1 }",
  },
  THTL2060: {
    severity: "warning",
    message: "`lr {selector}` has no effect in stage '{stage}' of model '{model}': {groups} frozen there",
    example: "stage a { train head; lr layer1 1e-5; epochs 1 }",
  },

  // models and experiments: 2070-2099
  THTL2070: {
    severity: "error",
    message: "the chain starts at data domain '{name}': start from `scratch` or a weights domain",
    example: "experiment e { models resnet18; chain larynx -> larynx with full }",
  },
  THTL2071: {
    severity: "error",
    message: "'{name}' is a weights domain and has no data to train on; every domain after the start must have `data`",
    example: "experiment e { models resnet18; chain scratch -> imagenet with full }",
  },
  THTL2072: {
    severity: "error",
    message: "experiment '{name}' has no {missing}",
    example: "experiment e { chain scratch -> larynx with full }",
  },
  THTL2073: {
    severity: "error",
    message: "input {size} is smaller than architecture '{arch}' of model '{model}' allows (at least {min})",
    example: "experiment e { models inception_v3; input 64x64; chain scratch -> larynx with full }",
  },
  THTL2074: {
    severity: "error",
    message:
      "domain '{domain}' uses images of {size}, but '{first}' earlier in the chain uses {firstSize}; give both the same `image` or the experiment an `input`",
    example: "experiment e { models resnet18; chain scratch -> small with full -> large with full }",
  },
  THTL2075: {
    severity: "error",
    message:
      "domain '{domain}' is {mode}, but '{first}' earlier in the chain is {firstMode}; a model takes one kind of image",
    example: "experiment e { models resnet18; chain scratch -> gray with full -> colour with full }",
  },
  THTL2076: {
    severity: "error",
    message: "model '{name}' has no `arch`",
    example: "model small { width 0.5 }",
  },
  THTL2077: {
    severity: "error",
    message: "architecture '{arch}' has no variant '{variant}'; its variants are {variants}",
    example: "model x { arch xception torchvision }",
  },
} as const satisfies CodeTable;
