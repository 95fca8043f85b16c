import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, Roles } from '../common/auth.decorators.js';
import { ApiErrors } from '../common/error-responses.js';
import { UserPage, UserResponse } from './dto/user.response.js';
import { CreateUserDto, ListUsersQuery, UpdateMeDto, UpdateUserDto } from './dto/users.dto.js';
import { UserErrors } from './users.errors.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Controller('me')
export class MeController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'My profile' })
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors(401)
  async getMe(@CurrentUser() me: AuthUser): Promise<UserResponse> {
    return UserResponse.from(await this.users.get(me.id));
  }

  @Patch()
  @ApiOperation({ summary: 'Change my profile (and password, with the current one)' })
  @ApiOkResponse({ type: UserResponse, description: 'Role and email cannot be changed here (400)' })
  @ApiErrors(401, UserErrors.currentPasswordRequired(), UserErrors.currentPasswordWrong())
  async updateMe(@CurrentUser() me: AuthUser, @Body() dto: UpdateMeDto): Promise<UserResponse> {
    return UserResponse.from(await this.users.updateMe(me.id, me.sessionId, dto));
  }
}

@ApiTags('users')
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiOperation({ summary: 'Create a user of any role' })
  @HttpCode(201)
  @ApiCreatedResponse({ type: UserResponse })
  @ApiErrors(401, 403, UserErrors.emailTaken())
  async createUser(@CurrentUser() me: AuthUser, @Body() dto: CreateUserDto): Promise<UserResponse> {
    return UserResponse.from(await this.users.create(dto, me.id, me.requestId));
  }

  @Get()
  @ApiOperation({ summary: 'List users, by role or text' })
  @ApiOkResponse({ type: UserPage })
  @ApiErrors(401, 403)
  async listUsers(@Query() query: ListUsersQuery): Promise<UserPage> {
    const page = await this.users.list(query);
    return { ...page, items: page.items.map((user) => UserResponse.from(user)) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'A user' })
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors(401, 403, UserErrors.notFound())
  async getUser(@Param('id', ParseUUIDPipe) id: string): Promise<UserResponse> {
    return UserResponse.from(await this.users.get(id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a user: role, active, profile' })
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors(401, 403, UserErrors.notFound(), UserErrors.lastAdmin())
  async updateUser(@CurrentUser() me: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateUserDto): Promise<UserResponse> {
    return UserResponse.from(await this.users.update(id, dto, me));
  }
}
