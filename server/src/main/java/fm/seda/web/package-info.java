/**
 * What every HTTP endpoint shares: RFC 7807 problem responses with stable types ({@link
 * fm.seda.web.ApiProblem}, {@link fm.seda.web.Problems}) and request ids in logs and responses.
 */
@NullMarked
@org.springframework.modulith.ApplicationModule(
    type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package fm.seda.web;

import org.jspecify.annotations.NullMarked;
