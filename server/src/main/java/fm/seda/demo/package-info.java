/**
 * Demo data: seeds a generated world ({@link fm.seda.engine.synth.DemoWorld}) into both regional
 * databases, greets the developer with the URL and a token, and, in the sandbox profile, lets QA
 * seed over HTTP.
 */
@NullMarked
package fm.seda.demo;

import org.jspecify.annotations.NullMarked;
