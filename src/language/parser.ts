import type { IParserErrorMessageProvider } from "chevrotain";
import { CstParser } from "./chevrotain.js";
import {
  ALL_TOKENS,
  Arrow,
  Comma,
  DotDot,
  Identifier,
  Keyword as K,
  LCurly,
  Name,
  NumberLiteral,
  RatioLiteral,
  RCurly,
  Semicolon,
  SizeLiteral,
  StringLiteral,
} from "./tokens.js";
import { syntaxErrorMessages } from "./syntax-errors.js";

/**
 * The grammar of `.thtl` as a Chevrotain CstParser: one method per production, the production
 * written above it (`grammar/thtl.ebnf` holds the same rules, and a test keeps the two equal).
 * Error messages are structured records (see `syntax-errors.ts`) that `parse.ts` turns into
 * catalogue diagnostics.
 */
export class ThtlParser extends CstParser {
  constructor(options: { validate?: boolean } = {}) {
    super(ALL_TOKENS, {
      recoveryEnabled: true,
      nodeLocationTracking: "full",
      maxLookahead: 3,
      skipValidations: !options.validate,
      errorMessageProvider: syntaxErrorMessages as IParserErrorMessageProvider,
    });
    this.performSelfAnalysis();
  }

  // document ::= versionDecl? declaration*
  document = this.RULE("document", () => {
    this.OPTION(() => this.SUBRULE(this.versionDecl));
    this.MANY(() => this.SUBRULE(this.declaration));
  });

  // versionDecl ::= "version" Number
  versionDecl = this.RULE("versionDecl", () => {
    this.CONSUME(K.version);
    this.CONSUME(NumberLiteral);
  });

  // declaration ::= importDecl | domainDecl | modelDecl | scheduleDecl | experimentDecl
  declaration = this.RULE("declaration", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.importDecl) },
      { ALT: () => this.SUBRULE(this.domainDecl) },
      { ALT: () => this.SUBRULE(this.modelDecl) },
      { ALT: () => this.SUBRULE(this.scheduleDecl) },
      { ALT: () => this.SUBRULE(this.experimentDecl) },
    ]);
  });

  // importDecl ::= "import" String
  importDecl = this.RULE("importDecl", () => {
    this.CONSUME(K.import);
    this.CONSUME(StringLiteral);
  });

  // ---------------------------------------------------------------------------------------------
  // domain

  // domainDecl ::= "domain" Name "{" (domainStatement ";"?)* "}"
  domainDecl = this.RULE("domainDecl", () => {
    this.CONSUME(K.domain);
    this.CONSUME(Name);
    this.CONSUME(LCurly);
    this.MANY(() => {
      this.SUBRULE(this.domainStatement);
      this.OPTION(() => this.CONSUME(Semicolon));
    });
    this.CONSUME(RCurly);
  });

  // domainStatement ::= weightsStmt | dataStmt | classesStmt | positiveStmt | splitStmt | imageStmt | augmentStmt
  domainStatement = this.RULE("domainStatement", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.weightsStmt) },
      { ALT: () => this.SUBRULE(this.dataStmt) },
      { ALT: () => this.SUBRULE(this.classesStmt) },
      { ALT: () => this.SUBRULE(this.positiveStmt) },
      { ALT: () => this.SUBRULE(this.splitStmt) },
      { ALT: () => this.SUBRULE(this.imageStmt) },
      { ALT: () => this.SUBRULE(this.augmentStmt) },
    ]);
  });

  // weightsStmt ::= "weights" String
  weightsStmt = this.RULE("weightsStmt", () => {
    this.CONSUME(K.weights);
    this.CONSUME(StringLiteral);
  });

  // dataStmt ::= "data" ("imagefolder" String | "csv" String ("root" String)? | "synth" Name Number)
  dataStmt = this.RULE("dataStmt", () => {
    this.CONSUME(K.data);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.imagefolder);
          this.CONSUME(StringLiteral);
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.csv);
          this.CONSUME2(StringLiteral);
          this.OPTION(() => {
            this.CONSUME(K.root);
            this.CONSUME3(StringLiteral);
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.synth);
          this.CONSUME(Name);
          this.CONSUME(NumberLiteral);
        },
      },
    ]);
  });

  // classesStmt ::= "classes" Name ("," Name)*
  classesStmt = this.RULE("classesStmt", () => {
    this.CONSUME(K.classes);
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.CONSUME(Name) });
  });

  // positiveStmt ::= "positive" Name
  positiveStmt = this.RULE("positiveStmt", () => {
    this.CONSUME(K.positive);
    this.CONSUME(Name);
  });

  // splitStmt ::= "split" Ratio ("seed" Number)?
  splitStmt = this.RULE("splitStmt", () => {
    this.CONSUME(K.split);
    this.CONSUME(RatioLiteral);
    this.OPTION(() => {
      this.CONSUME(K.seed);
      this.CONSUME(NumberLiteral);
    });
  });

  // imageStmt ::= "image" Size ("grayscale" | "rgb")?
  imageStmt = this.RULE("imageStmt", () => {
    this.CONSUME(K.image);
    this.CONSUME(SizeLiteral);
    this.OPTION(() => this.OR([{ ALT: () => this.CONSUME(K.grayscale) }, { ALT: () => this.CONSUME(K.rgb) }]));
  });

  // augmentStmt ::= "augment" augmentItem ("," augmentItem)*
  augmentStmt = this.RULE("augmentStmt", () => {
    this.CONSUME(K.augment);
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.SUBRULE(this.augmentItem) });
  });

  // augmentItem ::= Name Number?
  augmentItem = this.RULE("augmentItem", () => {
    this.CONSUME(Name);
    this.OPTION(() => this.CONSUME(NumberLiteral));
  });

  // ---------------------------------------------------------------------------------------------
  // model

  // modelDecl ::= "model" Name "{" (modelStatement ";"?)* "}"
  modelDecl = this.RULE("modelDecl", () => {
    this.CONSUME(K.model);
    this.CONSUME(Name);
    this.CONSUME(LCurly);
    this.MANY(() => {
      this.SUBRULE(this.modelStatement);
      this.OPTION(() => this.CONSUME(Semicolon));
    });
    this.CONSUME(RCurly);
  });

  // modelStatement ::= "arch" Name Identifier? | "width" Number | inputStmt | "dropout" Number
  modelStatement = this.RULE("modelStatement", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.arch);
          this.CONSUME(Name);
          // The variant is an identifier, never a keyword: `arch resnet18\n width 0.5` is two statements.
          this.OPTION(() => this.CONSUME(Identifier));
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.width);
          this.CONSUME(NumberLiteral);
        },
      },
      { ALT: () => this.SUBRULE(this.inputStmt) },
      {
        ALT: () => {
          this.CONSUME(K.dropout);
          this.CONSUME2(NumberLiteral);
        },
      },
    ]);
  });

  // inputStmt ::= "input" Size
  inputStmt = this.RULE("inputStmt", () => {
    this.CONSUME(K.input);
    this.CONSUME(SizeLiteral);
  });

  // ---------------------------------------------------------------------------------------------
  // schedule

  // scheduleDecl ::= "schedule" Name scheduleBody
  scheduleDecl = this.RULE("scheduleDecl", () => {
    this.CONSUME(K.schedule);
    this.CONSUME(Name);
    this.SUBRULE(this.scheduleBody);
  });

  // scheduleBody ::= "{" defaultsBlock? stageDecl+ "}"
  scheduleBody = this.RULE("scheduleBody", () => {
    this.CONSUME(LCurly);
    this.OPTION(() => this.SUBRULE(this.defaultsBlock));
    this.AT_LEAST_ONE(() => this.SUBRULE(this.stageDecl));
    this.CONSUME(RCurly);
  });

  // defaultsBlock ::= "defaults" "{" (setting ";"?)* "}"
  defaultsBlock = this.RULE("defaultsBlock", () => {
    this.CONSUME(K.defaults);
    this.CONSUME(LCurly);
    this.MANY(() => {
      this.SUBRULE(this.setting);
      this.OPTION(() => this.CONSUME(Semicolon));
    });
    this.CONSUME(RCurly);
  });

  // stageDecl ::= "stage" Name "{" (stageStatement ";"?)* "}"
  stageDecl = this.RULE("stageDecl", () => {
    this.CONSUME(K.stage);
    this.CONSUME(Name);
    this.CONSUME(LCurly);
    this.MANY(() => {
      this.SUBRULE(this.stageStatement);
      this.OPTION(() => this.CONSUME(Semicolon));
    });
    this.CONSUME(RCurly);
  });

  // stageStatement ::= trainableStmt | setting
  stageStatement = this.RULE("stageStatement", () => {
    this.OR([{ ALT: () => this.SUBRULE(this.trainableStmt) }, { ALT: () => this.SUBRULE(this.setting) }]);
  });

  // trainableStmt ::= ("train" | "unfreeze" | "freeze") selector ("," selector)*
  trainableStmt = this.RULE("trainableStmt", () => {
    this.OR([
      { ALT: () => this.CONSUME(K.train) },
      { ALT: () => this.CONSUME(K.unfreeze) },
      { ALT: () => this.CONSUME(K.freeze) },
    ]);
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.SUBRULE(this.selector) });
  });

  // selector ::= "last" Number | Name (".." Name)? | String
  // (`all` and `head` are names here; the AST step gives them their meaning. `last 2` wins over a
  // group named `last`, which no architecture has.)
  selector = this.RULE("selector", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.last);
          this.CONSUME(NumberLiteral);
        },
      },
      {
        ALT: () => {
          this.CONSUME(Name);
          this.OPTION(() => {
            this.CONSUME(DotDot);
            this.CONSUME2(Name);
          });
        },
      },
      { ALT: () => this.CONSUME(StringLiteral) },
    ]);
  });

  // setting ::= epochsSetting | batchSetting | optimizerSetting | lrSetting | weightDecaySetting
  //   | batchnormSetting | earlyStopSetting | keepSetting
  setting = this.RULE("setting", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.epochsSetting) },
      { ALT: () => this.SUBRULE(this.batchSetting) },
      { ALT: () => this.SUBRULE(this.optimizerSetting) },
      { ALT: () => this.SUBRULE(this.lrSetting) },
      { ALT: () => this.SUBRULE(this.weightDecaySetting) },
      { ALT: () => this.SUBRULE(this.batchnormSetting) },
      { ALT: () => this.SUBRULE(this.earlyStopSetting) },
      { ALT: () => this.SUBRULE(this.keepSetting) },
    ]);
  });

  // epochsSetting ::= "epochs" Number
  epochsSetting = this.RULE("epochsSetting", () => {
    this.CONSUME(K.epochs);
    this.CONSUME(NumberLiteral);
  });

  // batchSetting ::= "batch" Number
  batchSetting = this.RULE("batchSetting", () => {
    this.CONSUME(K.batch);
    this.CONSUME(NumberLiteral);
  });

  // optimizerSetting ::= "optimizer" Name ("momentum" Number)?
  optimizerSetting = this.RULE("optimizerSetting", () => {
    this.CONSUME(K.optimizer);
    this.CONSUME(Name);
    this.OPTION(() => {
      this.CONSUME(K.momentum);
      this.CONSUME(NumberLiteral);
    });
  });

  // lrSetting ::= "lr" (Number lrDecay? | selector Number)
  lrSetting = this.RULE("lrSetting", () => {
    this.CONSUME(K.lr);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(NumberLiteral);
          this.OPTION(() => this.SUBRULE(this.lrDecay));
        },
      },
      {
        ALT: () => {
          this.SUBRULE(this.selector);
          this.CONSUME2(NumberLiteral);
        },
      },
    ]);
  });

  // lrDecay ::= "cosine" | "step" Number Number
  lrDecay = this.RULE("lrDecay", () => {
    this.OR([
      { ALT: () => this.CONSUME(K.cosine) },
      {
        ALT: () => {
          this.CONSUME(K.step);
          this.CONSUME(NumberLiteral);
          this.CONSUME2(NumberLiteral);
        },
      },
    ]);
  });

  // weightDecaySetting ::= "weight_decay" Number
  weightDecaySetting = this.RULE("weightDecaySetting", () => {
    this.CONSUME(K.weight_decay);
    this.CONSUME(NumberLiteral);
  });

  // batchnormSetting ::= "batchnorm" ("train" | "frozen")
  batchnormSetting = this.RULE("batchnormSetting", () => {
    this.CONSUME(K.batchnorm);
    this.OR([{ ALT: () => this.CONSUME(K.train) }, { ALT: () => this.CONSUME(K.frozen) }]);
  });

  // earlyStopSetting ::= "early_stop" Name "patience" Number
  earlyStopSetting = this.RULE("earlyStopSetting", () => {
    this.CONSUME(K.early_stop);
    this.CONSUME(Name);
    this.CONSUME(K.patience);
    this.CONSUME(NumberLiteral);
  });

  // keepSetting ::= "keep" ("best" | "last")
  keepSetting = this.RULE("keepSetting", () => {
    this.CONSUME(K.keep);
    this.OR([{ ALT: () => this.CONSUME(K.best) }, { ALT: () => this.CONSUME(K.last) }]);
  });

  // ---------------------------------------------------------------------------------------------
  // experiment

  // experimentDecl ::= "experiment" Name "{" (experimentStatement ";"?)* "}"
  experimentDecl = this.RULE("experimentDecl", () => {
    this.CONSUME(K.experiment);
    this.CONSUME(Name);
    this.CONSUME(LCurly);
    this.MANY(() => {
      this.SUBRULE(this.experimentStatement);
      this.OPTION(() => this.CONSUME(Semicolon));
    });
    this.CONSUME(RCurly);
  });

  // experimentStatement ::= modelsStmt | seedsStmt | inputStmt | chainStmt | camStmt
  experimentStatement = this.RULE("experimentStatement", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.modelsStmt) },
      { ALT: () => this.SUBRULE(this.seedsStmt) },
      { ALT: () => this.SUBRULE(this.inputStmt) },
      { ALT: () => this.SUBRULE(this.chainStmt) },
      { ALT: () => this.SUBRULE(this.camStmt) },
    ]);
  });

  // camStmt ::= "cam" Number
  camStmt = this.RULE("camStmt", () => {
    this.CONSUME(K.cam);
    this.CONSUME(NumberLiteral);
  });

  // modelsStmt ::= "models" Name ("," Name)*
  modelsStmt = this.RULE("modelsStmt", () => {
    this.CONSUME(K.models);
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.CONSUME(Name) });
  });

  // seedsStmt ::= "seeds" Number ("," Number)*
  seedsStmt = this.RULE("seedsStmt", () => {
    this.CONSUME(K.seeds);
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.CONSUME(NumberLiteral) });
  });

  // chainStmt ::= "chain" Name chainLink+
  chainStmt = this.RULE("chainStmt", () => {
    this.CONSUME(K.chain);
    this.CONSUME(Name);
    this.AT_LEAST_ONE(() => this.SUBRULE(this.chainLink));
  });

  // chainLink ::= "->" Name "with" (Name | scheduleBody)
  chainLink = this.RULE("chainLink", () => {
    this.CONSUME(Arrow);
    this.CONSUME(Name);
    this.CONSUME(K.with);
    this.OR([{ ALT: () => this.CONSUME2(Name) }, { ALT: () => this.SUBRULE(this.scheduleBody) }]);
  });
}

let instance: ThtlParser | undefined;

/** The one parser, built on first use; `parser.input = tokens` resets it for each file. */
export function thtlParser(): ThtlParser {
  instance ??= new ThtlParser();
  return instance;
}
