/** What every generated script shares: its result type and its Python imports. */

export interface TorchExport {
  source: string;
  /** The query the script was made from (defaults left out, as in a share link). */
  query: string;
  /** The app's notice for a malformed link: what was ignored, its defaults used instead. */
  notices: string[];
}

/** The script's imports (every generated script: the conv and the recurrent experiments). */
export const PY_IMPORTS = [
  'import argparse',
  'import csv',
  'import gzip',
  'import json',
  'import math',
  'import os',
  'import re',
  'import struct',
  'import sys',
  'import time',
  'import zlib',
  '',
  'import torch',
  'import torch.nn as nn',
  'import torch.nn.functional as F',
  '',
];
