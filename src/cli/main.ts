#!/usr/bin/env node
/** Entry point of the `standpoint` command: runs the program and sets the exit code. */
import { main } from './program.js';

process.exitCode = await main(process.argv);
